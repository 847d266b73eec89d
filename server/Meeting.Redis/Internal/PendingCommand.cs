namespace Meeting.Redis.Internal;

/// <summary>
/// A command written to the socket and waiting for its reply. It stays in the connection's FIFO until its reply
/// arrives, even after its caller gave up (timeout, cancellation), so that later replies still meet their commands.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RedisReply>
{
    private CancellationTokenRegistration _cancellation;

    public PendingCommand(string name, long enqueuedAt, long deadline)
        // Continuations run inline on the CompletionBatch work item, never on the read loop.
        : base(TaskCreationOptions.None)
    {
        Name = name;
        EnqueuedAt = enqueuedAt;
        Deadline = deadline;
    }

    public string Name { get; }

    /// <summary>TimeProvider timestamp of the write.</summary>
    public long EnqueuedAt { get; }

    /// <summary>TimeProvider timestamp after which the caller is told it timed out.</summary>
    public long Deadline { get; }

    public bool IsDone => Task.IsCompleted;

    public void ObserveCancellation(CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken.UnsafeRegister(
            static (state, token) => ((PendingCommand)state!).TrySetCanceled(token), this);
    }

    /// <summary>Completes the caller with the reply; error replies become exceptions here, on the reader.</summary>
    public void Complete(in RedisReply reply)
    {
        if (reply.IsError)
        {
            TrySetException(RedisServerException.FromReply(reply.ErrorMessage));
        }
        else
        {
            TrySetResult(reply);
        }

        // Unregister, not Dispose: Dispose waits for a running cancellation callback, whose inline continuation
        // might itself wait for a reply of this very batch.
        _cancellation.Unregister();
    }

    public void Fail(Exception exception)
    {
        TrySetException(exception);
        _cancellation.Unregister();
    }
}
