using System.Diagnostics;
using Meeting.Bench.Clients;
using Meeting.Bench.Hosting;
using Meeting.Bench.Measurement;

namespace Meeting.Bench.Phases;

/// <summary>
/// Phase C: Signals at a fixed rate (open loop: the schedule does not wait for replies), each carrying
/// its send time; the receiver records arrival − send. One pacer per core walks its share of the
/// senders round-robin and sends whatever the schedule says is due, about every millisecond.
/// </summary>
internal sealed class LatencyPhase
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(3);

    private readonly BenchOptions _options;
    private readonly ServerProcess _server;
    private readonly ClientFleet _fleet;
    private readonly SignalSink _sink;

    public LatencyPhase(BenchOptions options, ServerProcess server, ClientFleet fleet, SignalSink sink)
    {
        _options = options;
        _server = server;
        _fleet = fleet;
        _sink = sink;
    }

    public async Task<LatencyResult> RunAsync(int rate, string rateSource, CancellationToken cancellationToken = default)
    {
        var pairs = _fleet.SenderPairs(_options.Senders);
        var pacers = Math.Max(1, Math.Min(Environment.ProcessorCount, pairs.Count));
        var receivedBefore = pairs.Sum(p => p.To.SignalsReceived);
        var start = Stopwatch.GetTimestamp();
        var measureFrom = Deadline.After(start, _options.Warmup);
        var end = Deadline.After(measureFrom, _options.Duration);
        var latency = new LatencyHistogram();
        _sink.Record(latency, measureFrom);

        var schedules = Enumerable.Range(0, pacers)
            .Select(p => new PacerSchedule(pairs.Where((_, i) => i % pacers == p).ToArray(), (double)rate / pacers))
            .ToArray();
        var running = schedules.Select(s => RunPacerAsync(s, start, end, cancellationToken)).ToArray();

        await Task.Delay(_options.Warmup, cancellationToken);
        var sentAtStart = schedules.Sum(s => s.Sent);
        var cpuAtStart = CpuSnapshot.Take(_server);
        try
        {
            await Task.WhenAll(running).WaitAsync(Deadline.Until(end) + Drain, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A send stuck behind a stalled server; it ends when the fleet aborts its sockets.
        }

        var sentInWindow = schedules.Sum(s => s.Sent) - sentAtStart;
        var cpu = CpuSnapshot.Take(_server).Since(cpuAtStart);

        var sent = schedules.Sum(s => s.Sent);
        var drainUntil = Deadline.After(Stopwatch.GetTimestamp(), Drain);
        while (pairs.Sum(p => p.To.SignalsReceived) - receivedBefore < sent && !Deadline.HasPassed(drainUntil))
        {
            await Task.Delay(20, cancellationToken);
        }

        _sink.Stop();
        return new LatencyResult(
            rate,
            rateSource,
            pairs.Count,
            cpu.Seconds,
            sentInWindow,
            sent,
            pairs.Sum(p => p.To.SignalsReceived) - receivedBefore,
            cpu,
            latency);
    }

    private static async Task RunPacerAsync(PacerSchedule schedule, long start, long end, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var pairs = schedule.Pairs;
        if (pairs.Length == 0)
        {
            return;
        }

        // Bounded by count as well as by time: never more than the schedule's total.
        var total = (long)Math.Ceiling(schedule.PerSecond * Stopwatch.GetElapsedTime(start, end).TotalSeconds);
        var sent = 0L;
        while (sent < total && !cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                break;
            }

            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start, now).TotalSeconds * schedule.PerSecond));
            for (; sent < due; sent++)
            {
                var pair = pairs[sent % pairs.Length];
                try
                {
                    await pair.From.SendAsync(pair.Writer.Write(sent, Stopwatch.GetTimestamp()));
                    schedule.OnSent();
                }
                catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException)
                {
                    // A dropped connection: the summary reports it; the schedule goes on with the others.
                }
            }

            await Task.Delay(1, cancellationToken);
        }
    }

    /// <summary>One pacer's senders and rate, and how many it has sent.</summary>
    private sealed class PacerSchedule(SenderPair[] pairs, double perSecond)
    {
        private long _sent;

        public SenderPair[] Pairs { get; } = pairs;

        public double PerSecond { get; } = perSecond;

        public long Sent => Volatile.Read(ref _sent);

        public void OnSent() => Interlocked.Increment(ref _sent);
    }
}
