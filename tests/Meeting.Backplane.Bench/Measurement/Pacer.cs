using System.Diagnostics;

namespace Meeting.Backplane.Bench.Measurement;

/// <summary>
/// Sends at a fixed rate, open loop: every ~1 ms it sends whatever the schedule says is due, round-robin over its
/// targets, whether or not earlier messages have arrived. Stops at <c>stop</c> or after <c>maxCount</c> sends.
/// </summary>
internal static class Pacer
{
    public static async Task<PacerResult> RunAsync(double perSecond, int targets, Func<int, ValueTask> sendTo, long maxCount, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        long sent = 0;
        var next = 0;
        var maxBehind = 0.0;
        while (sent < maxCount && !stop.IsCancellationRequested)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * perSecond) - sent;
            maxBehind = Math.Max(maxBehind, due / perSecond);
            for (long i = 0; i < due && sent < maxCount && !stop.IsCancellationRequested; i++)
            {
                await sendTo(next);
                next = (next + 1) % targets;
                sent++;
            }

            try
            {
                await Task.Delay(1, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return new PacerResult(sent, Stopwatch.GetElapsedTime(started), TimeSpan.FromSeconds(maxBehind));
    }
}
