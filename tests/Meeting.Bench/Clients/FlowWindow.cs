namespace Meeting.Bench.Clients;

/// <summary>
/// Bounds the Signals one sender has in flight to its receiver, so a closed-loop sender measures how
/// fast the server relays instead of how much the sockets can buffer. The receiving connection
/// reports each arrival; a sender with a full window waits until half of it has drained.
/// </summary>
internal sealed class FlowWindow
{
    private readonly int _limit;
    private long _sent;
    private long _received;
    private TaskCompletionSource? _waiter;

    public FlowWindow(int limit) => _limit = limit;

    public long Sent => Volatile.Read(ref _sent);

    public long Received => Volatile.Read(ref _received);

    public long InFlight => Sent - Received;

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnReceived()
    {
        var received = Interlocked.Increment(ref _received);
        if (Volatile.Read(ref _waiter) is not null && Volatile.Read(ref _sent) - received <= _limit / 2)
        {
            Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
        }
    }

    /// <summary>Waits until the sender may send again; false when <paramref name="timeout"/> passed first
    /// (a Signal was lost, or the server stalled).</summary>
    public async ValueTask<bool> WaitForRoomAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        while (InFlight >= _limit)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _waiter, waiter); // a full fence: the re-check below cannot read a stale count
            if (InFlight < _limit)
            {
                Interlocked.CompareExchange(ref _waiter, null, waiter);
                return true;
            }

            try
            {
                await waiter.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        return true;
    }
}
