using System.Diagnostics;

namespace Meeting.Redis.Compare.Measurement;

/// <summary>A 10 ms <see cref="Task.Delay(int)"/> loop on the thread pool; the longest gap between two turns is how long the pool was starved.</summary>
internal sealed class StallProbe(Stopwatch clock)
{
    private double _longestGapMs;

    public double LongestGapMs => Volatile.Read(ref _longestGapMs);

    public async Task RunAsync(CancellationToken stop)
    {
        var last = clock.Elapsed.TotalMilliseconds;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(10, stop).ConfigureAwait(false);
                var now = clock.Elapsed.TotalMilliseconds;
                if (now - last > _longestGapMs)
                {
                    Volatile.Write(ref _longestGapMs, now - last);
                }

                last = now;
            }
        }
        catch (OperationCanceledException)
        {
            // The drill is over.
        }
    }
}
