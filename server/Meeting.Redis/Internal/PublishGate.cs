namespace Meeting.Redis.Internal;

/// <summary>
/// Holds PUBLISH back, in order, while this client's subscriber is not yet subscribed on the master the data
/// connection publishes to, and for a short settle time after it is. Pub/sub lives on one node: after a failover the
/// data connection is usually back on the new master before the subscribers (this server's and the others') have
/// subscribed there again, and every publish queued during the outage went out at once into a node nobody listened
/// to yet. The other servers hear of the switch at about the same moment as this one; waiting for our own subscriber
/// plus the settle time covers them too. A publish held while the data connection is down fails, as any command
/// would, once it waited the connection wait: it must not go out the moment the connection is back, ahead of
/// everyone's subscriber. One held while the connection is up but the subscriber lags goes anyway after that wait
/// (pub/sub is at-most-once; holding it longer would only stall the sender).
/// </summary>
internal sealed class PublishGate : IAsyncDisposable
{
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(10);

    private readonly Func<RedisCommand, CancellationToken, Task<RedisReply>> _send;
    private readonly Func<bool> _inStep;
    private readonly Func<bool> _connected;
    private readonly TimeSpan _maxHold;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Queue<Held> _held = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;

    public PublishGate(Func<RedisCommand, CancellationToken, Task<RedisReply>> send, Func<bool> inStep, Func<bool> connected, TimeSpan maxHold, TimeProvider time)
    {
        _send = send;
        _inStep = inStep;
        _connected = connected;
        _maxHold = maxHold;
        _time = time;
    }

    /// <summary>How many publishes are held now.</summary>
    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    public Task<RedisReply> PublishAsync(RedisCommand command, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Sent under the lock, and only with nothing held: publishes keep the order they were made in.
            if (_held.Count == 0 && _inStep())
            {
                return _send(command, cancellationToken);
            }

            var held = new Held(command, cancellationToken, _time.GetTimestamp(), new TaskCompletionSource<RedisReply>(TaskCreationOptions.RunContinuationsAsynchronously));
            _held.Enqueue(held);
            if (_pump.IsCompleted && !_stop.IsCancellationRequested)
            {
                _pump = Task.Run(PumpAsync);
            }

            return held.Reply.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task pump;
        lock (_lock)
        {
            pump = _pump;
        }

        await pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(PollPeriod, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: whatever is held goes out now rather than never.
            }

            lock (_lock)
            {
                var release = _stop.IsCancellationRequested || _inStep();
                var connected = release || _connected();
                while (_held.TryPeek(out var head) && (release || _time.GetElapsedTime(head.Since) >= _maxHold))
                {
                    _held.Dequeue();
                    if (connected)
                    {
                        Forward(head);
                    }
                    else
                    {
                        head.Reply.TrySetException(new RedisConnectionException(
                            $"No data connection to Redis within {_maxHold.TotalMilliseconds:0} ms for PUBLISH."));
                    }
                }

                if (_held.Count == 0)
                {
                    return;
                }
            }
        }
    }

    private void Forward(Held held)
    {
        Task<RedisReply> sent;
        try
        {
            sent = _send(held.Command, held.CancellationToken);
        }
        catch (Exception ex)
        {
            held.Reply.TrySetException(ex);
            return;
        }

        sent.ContinueWith(
            static (task, state) =>
            {
                var reply = (TaskCompletionSource<RedisReply>)state!;
                if (task.IsCanceled)
                {
                    reply.TrySetCanceled();
                }
                else if (task.Exception is { } error)
                {
                    reply.TrySetException(error.InnerExceptions);
                }
                else
                {
                    reply.TrySetResult(task.Result);
                }
            },
            held.Reply,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private sealed record Held(RedisCommand Command, CancellationToken CancellationToken, long Since, TaskCompletionSource<RedisReply> Reply);
}
