using System.Collections.Concurrent;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>
/// The group changes this server sent to others and still waits on: an id per change, completed when its
/// acknowledgement arrives, given up after a timeout.
/// </summary>
internal sealed class AckTracker(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _pending = new();
    private int _lastId;

    /// <summary>Registers a wait; register before publishing so that an early acknowledgement is not missed.</summary>
    public int Create()
    {
        while (true)
        {
            // Ids wrap after 2^31 changes; one still waiting from then is long gone.
            var id = Interlocked.Increment(ref _lastId) & int.MaxValue;
            if (_pending.TryAdd(id, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)))
            {
                return id;
            }
        }
    }

    /// <summary>Waits for the acknowledgement of <paramref name="id"/>, and forgets the id whatever happens.</summary>
    /// <exception cref="TimeoutException">No acknowledgement within <paramref name="timeout"/>.</exception>
    public async Task WaitAsync(int id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            if (!_pending.TryGetValue(id, out var acked))
            {
                throw new InvalidOperationException($"Acknowledgement {id} is not awaited.");
            }

            await acked.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Forgets a wait that will never be awaited (its publish failed).</summary>
    public void Forget(int id) => _pending.TryRemove(id, out _);

    /// <summary>Completes the wait for <paramref name="id"/>; false for an unknown or already forgotten id.</summary>
    public bool Complete(int id) => _pending.TryGetValue(id, out var acked) && acked.TrySetResult();

    /// <summary>Fails every wait, when the server stops.</summary>
    public void FailAll(Exception reason)
    {
        foreach (var pair in _pending)
        {
            pair.Value.TrySetException(reason);
        }
    }
}
