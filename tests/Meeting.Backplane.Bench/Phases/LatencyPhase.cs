using Meeting.Backplane.Bench.Clients;
using Meeting.Backplane.Bench.Measurement;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>
/// Phase 2: Signals at a fixed rate, open loop, each carrying <c>Stopwatch.GetTimestamp()</c> taken just before it is
/// written to the socket; the receiver records arrival minus that. One pacer per core shares the rate and the pairs.
/// </summary>
internal static class LatencyPhase
{
    private const int MaxSamples = 5_000_000;

    public static async Task<LatencyResult> RunAsync(
        string label,
        IReadOnlyList<SignalPair> pairs,
        int rate,
        string rateSource,
        PhaseTiming timing,
        CpuMeter cpu,
        CancellationToken abort)
    {
        var window = new MeasureWindow();
        var samples = new LatencySamples((int)Math.Min(MaxSamples, (rate * timing.Duration.TotalSeconds * 1.2) + 1_000));
        var tally = new ReceiveTally();
        void OnArrival(Arrival arrival)
        {
            tally.Add();
            if (window.Contains(arrival.SentAt))
            {
                samples.Add(arrival.ReceivedAt - arrival.SentAt);
            }
        }

        foreach (var pair in pairs)
        {
            pair.Receiver.SetHandler(OnArrival);
        }

        try
        {
            var pacerCount = Math.Clamp(Environment.ProcessorCount, 1, pairs.Count);
            var maxPerPacer = (long)(rate * timing.SendingTime.TotalSeconds * 1.1 / pacerCount) + 10;
            using var stop = new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, abort);
            stop.CancelAfter(timing.SendingTime);
            var pacers = Enumerable.Range(0, pacerCount).Select(p =>
            {
                var own = pairs.Where((_, i) => i % pacerCount == p).ToArray();
                return Task.Run(() => Pacer.RunAsync((double)rate / pacerCount, own.Length, i => own[i].Sender.SendSignalAsync(own[i].Prefix, abort), maxPerPacer, linked.Token), CancellationToken.None);
            }).ToArray();

            await Task.Delay(timing.Warmup, abort);
            window.Open();
            var before = cpu.Take();
            await Task.Delay(timing.Duration, abort);
            window.Close();
            var after = cpu.Take();

            var results = await Task.WhenAll(pacers).WaitAsync(timing.SendingTime + PhaseTiming.StopTimeout, abort);
            var pacing = new PacerResult(results.Sum(r => r.Sent), results.Max(r => r.Elapsed), results.Max(r => r.MaxBehind));
            await Drain.UntilAsync(() => tally.Count, pacing.Sent, abort);
            return new LatencyResult(label, pairs.Count, rate, rateSource, pacing, tally.Count, samples.Summarize(), CpuMeter.Between(before, after));
        }
        finally
        {
            foreach (var pair in pairs)
            {
                pair.Receiver.SetHandler(null);
            }
        }
    }
}
