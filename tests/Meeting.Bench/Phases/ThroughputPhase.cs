using System.Diagnostics;
using Meeting.Bench.Clients;
using Meeting.Bench.Hosting;
using Meeting.Bench.Measurement;

namespace Meeting.Bench.Phases;

/// <summary>
/// Phase B: every sender signals its neighbour in the room as fast as the relay lets it (closed loop,
/// at most <see cref="BenchOptions.Window"/> Signals in flight per sender), while the idle connections
/// stay open. Counts the Signals the receivers get during the measured window, after a warm-up.
/// </summary>
internal sealed class ThroughputPhase
{
    /// <summary>A bound on the Signals a run may send, far above what two cores relay, so that a loop ends by count too.</summary>
    private const long MaxSignalsPerSecond = 1_000_000;

    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    private readonly BenchOptions _options;
    private readonly ServerProcess _server;
    private readonly ClientFleet _fleet;
    private readonly SignalSink _sink;

    public ThroughputPhase(BenchOptions options, ServerProcess server, ClientFleet fleet, SignalSink sink)
    {
        _options = options;
        _server = server;
        _fleet = fleet;
        _sink = sink;
    }

    public async Task<ThroughputResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var pairs = _fleet.SenderPairs(_options.Senders);
        var windows = pairs.Select(p => new FlowWindow(_options.Window)).ToArray();
        for (var i = 0; i < pairs.Count; i++)
        {
            pairs[i].To.Incoming = windows[i];
        }

        var total = _options.Warmup + _options.Duration;
        var maxPerSender = Math.Max(1, (long)(MaxSignalsPerSecond * total.TotalSeconds) / Math.Max(1, pairs.Count));
        var start = Stopwatch.GetTimestamp();
        var measureFrom = Deadline.After(start, _options.Warmup);
        var end = Deadline.After(measureFrom, _options.Duration);
        var latency = new LatencyHistogram();
        _sink.Record(latency, measureFrom);
        var failed = 0;
        var senders = new Task[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            senders[i] = SendAsync(pairs[i], windows[i], end, maxPerSender, () => Interlocked.Increment(ref failed), cancellationToken);
        }

        await Task.Delay(_options.Warmup, cancellationToken);
        var receivedAtStart = windows.Sum(w => w.Received);
        var cpuAtStart = CpuSnapshot.Take(_server);
        await Task.Delay(Deadline.Until(end), cancellationToken);
        var receivedAtEnd = windows.Sum(w => w.Received);
        var cpu = CpuSnapshot.Take(_server).Since(cpuAtStart);
        _sink.Stop();

        try
        {
            await Task.WhenAll(senders).WaitAsync(Drain, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A send stuck behind a stalled server; it ends when the fleet aborts its sockets.
        }

        var drainUntil = Deadline.After(Stopwatch.GetTimestamp(), Drain);
        while (windows.Any(w => w.InFlight > 0) && !Deadline.HasPassed(drainUntil))
        {
            await Task.Delay(50, cancellationToken);
        }

        foreach (var pair in pairs)
        {
            pair.To.Incoming = null;
        }

        return new ThroughputResult(
            pairs.Count,
            pairs.Select(p => p.To).Distinct().Count() / _options.RoomSize,
            _options.Window,
            pairs.Count > 0 ? pairs[0].Writer.PayloadLength(pairs[0].Writer.Write(0, Stopwatch.GetTimestamp())) : 0,
            cpu.Seconds,
            receivedAtEnd - receivedAtStart,
            windows.Sum(w => w.Sent),
            windows.Sum(w => w.Received),
            failed,
            cpu,
            latency);
    }

    private static async Task SendAsync(SenderPair pair, FlowWindow window, long end, long maxCount, Action onFailure, CancellationToken cancellationToken)
    {
        // Yield first, so that starting two thousand senders does not run the first ones' windows inline.
        await Task.Yield();
        for (long sequence = 0; sequence < maxCount && !cancellationToken.IsCancellationRequested; sequence++)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (!await window.WaitForRoomAsync(remaining, cancellationToken))
            {
                return; // the phase ended while the window was full
            }

            window.OnSent();
            try
            {
                await pair.From.SendAsync(pair.Writer.Write(sequence, Stopwatch.GetTimestamp()));
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException)
            {
                onFailure();
                return;
            }
        }
    }
}
