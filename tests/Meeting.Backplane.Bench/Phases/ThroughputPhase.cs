using System.Diagnostics;
using Meeting.Backplane.Bench.Clients;
using Meeting.Backplane.Bench.Measurement;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>
/// Phase 1: every pair's sender signals its receiver as fast as its window allows; the figure is the Signals the
/// receivers got during the measured window, per second.
/// </summary>
internal static class ThroughputPhase
{
    /// <summary>A count bound on each sender, far above what a few seconds allow, so that no loop relies on time alone.</summary>
    private const long MaxSignalsPerSender = 5_000_000;

    public static async Task<ThroughputResult> RunAsync(string label, IReadOnlyList<SignalPair> pairs, int window, PhaseTiming timing, CpuMeter cpu, CancellationToken abort)
    {
        var tally = new ReceiveTally();
        var loads = pairs.Select(p => new PairLoad(p, window, tally)).ToArray();
        try
        {
            foreach (var load in loads)
            {
                load.Pair.Receiver.SetHandler(load.OnArrival);
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort);
            stop.CancelAfter(timing.SendingTime);
            var senders = loads.Select(l => Task.Run(() => l.SendAsync(MaxSignalsPerSender, stop.Token, abort), CancellationToken.None)).ToArray();

            await Task.Delay(timing.Warmup, abort);
            var windowStart = Stopwatch.GetTimestamp();
            var receivedBefore = tally.Count;
            var before = cpu.Take();
            await Task.Delay(timing.Duration, abort);
            var receivedAfter = tally.Count;
            var windowEnd = Stopwatch.GetTimestamp();
            var after = cpu.Take();

            await stop.CancelAsync();
            await Task.WhenAll(senders).WaitAsync(PhaseTiming.StopTimeout, abort);
            var sent = loads.Sum(l => l.Sent);
            await Drain.UntilAsync(() => tally.Count, sent, abort);

            return new ThroughputResult(
                label,
                pairs.Count,
                window,
                Stopwatch.GetElapsedTime(windowStart, windowEnd),
                receivedAfter - receivedBefore,
                sent,
                tally.Count,
                loads.Count(l => l.Stalled),
                CpuMeter.Between(before, after));
        }
        finally
        {
            foreach (var load in loads)
            {
                load.Pair.Receiver.SetHandler(null);
            }
        }
    }
}
