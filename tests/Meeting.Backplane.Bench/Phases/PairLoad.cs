using Meeting.Backplane.Bench.Clients;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>
/// One pair under closed-loop load: the sender may have at most <c>window</c> Signals on their way to its receiver
/// and takes a credit back for each that arrives. Without the window the senders would fill socket buffers and the
/// figure would be how much loopback TCP holds, with seconds of backlog to drain afterwards.
/// The semaphore is never disposed: a receive loop may still release it just after the phase has ended.
/// </summary>
internal sealed class PairLoad
{
    /// <summary>A sender whose window stays full this long has lost Signals or its receiver; it stops and is counted as stalled.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _credits;
    private readonly ReceiveTally _tally;
    private long _sent;

    public PairLoad(SignalPair pair, int window, ReceiveTally tally)
    {
        Pair = pair;
        _credits = new SemaphoreSlim(window);
        _tally = tally;
    }

    public SignalPair Pair { get; }

    public long Sent => Interlocked.Read(ref _sent);

    public bool Stalled { get; private set; }

    /// <summary>The receiver's handler: counts the arrival and gives the sender its credit back.</summary>
    public void OnArrival(Arrival arrival)
    {
        _tally.Add();
        _credits.Release();
    }

    /// <summary>Sends as fast as the window allows until <paramref name="stop"/> or <paramref name="maxCount"/> Signals.</summary>
    public async Task SendAsync(long maxCount, CancellationToken stop, CancellationToken abort)
    {
        try
        {
            while (Sent < maxCount && !stop.IsCancellationRequested)
            {
                if (!await _credits.WaitAsync(StallTimeout, stop))
                {
                    Stalled = true;
                    return;
                }

                await Pair.Sender.SendSignalAsync(Pair.Prefix, abort);
                Interlocked.Increment(ref _sent);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            // The phase's sending time is over.
        }
    }
}
