using System.Globalization;
using Meeting.Bench.Measurement;
using Meeting.Bench.Phases;

namespace Meeting.Bench;

/// <summary>
/// Prints a run's summary: each server's figures, then ours beside the bare hub's of the same run, their
/// ratio and the target. This machine is shared, so the ratio is the figure to read; absolute rates move
/// with whatever else runs.
/// </summary>
internal sealed class BenchReport
{
    public const double TargetKilobytesPerConnection = 30;
    public const double TargetRelayRatio = 0.8;
    public const double TargetP99Milliseconds = 10;

    /// <summary>Fewer connections than this make the per-connection memory figure mostly noise.</summary>
    public const int MinConnectionsForMemoryFigure = 2_000;

    private readonly BenchOptions _options;

    public BenchReport(BenchOptions options) => _options = options;

    public List<ServerRun> Runs { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public void Print(TextWriter output)
    {
        var w = new Writer(output);
        w.Line();
        w.Line("==================== Meeting.Bench summary ====================");
        w.Field("mode", (_options.Quick ? "--quick" : "full") + $", {_options.Connections} connections in rooms of {_options.RoomSize}, {_options.Senders} senders");
        w.Field("machine", $"{Environment.ProcessorCount} cores, shared by bench, server and whatever else runs; ulimit -n {Hosting.ProcStatus.ReadOpenFileLimit()?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
        foreach (var run in Runs)
        {
            PrintRun(w, run);
        }

        var ours = Runs.FirstOrDefault(r => r.Target.UsesSessions);
        var bare = Runs.FirstOrDefault(r => !r.Target.UsesSessions);
        w.Line();
        w.Line($"{"figure",-44} {"ours",12} {"bare",12} {"ratio",7}   target");
        Compare(w, "A KB per idle connection", ours?.Idle?.KilobytesPerConnection, bare?.Idle?.KilobytesPerConnection, "0.0",
            $"<= {TargetKilobytesPerConnection:0} KB", MemoryMeaningful(ours) && ours?.Idle?.KilobytesPerConnection is { } kb ? kb <= TargetKilobytesPerConnection : null);
        var relayRatio = Ratio(ours?.Throughput?.RelayedPerSecond, bare?.Throughput?.RelayedPerSecond);
        Compare(w, "B Signals/s relayed", ours?.Throughput?.RelayedPerSecond, bare?.Throughput?.RelayedPerSecond, "N0",
            $"ratio >= {TargetRelayRatio}", relayRatio is { } r ? r >= TargetRelayRatio : null);
        Compare(w, "B server µs of CPU per Signal", ours?.Throughput?.ServerMicrosecondsPerSignal, bare?.Throughput?.ServerMicrosecondsPerSignal, "0.0", string.Empty, null);
        Compare(w, "C p99 ms at half of its own B", P99(ours?.Latency), P99(bare?.Latency), "0.00", string.Empty, null);
        Compare(w, $"D p50 ms at {N(_options.FixedRate)}/s", P(ours?.FixedLatency, 50), P(bare?.FixedLatency, 50), "0.00", string.Empty, null);
        Compare(w, $"D p99 ms at {N(_options.FixedRate)}/s, {N(_options.Connections)} open", P99(ours?.FixedLatency), P99(bare?.FixedLatency), "0.00",
            $"< {TargetP99Milliseconds:0} ms", P99(ours?.FixedLatency) is { } p99 ? p99 < TargetP99Milliseconds : null);
        Compare(w, "D server µs of CPU per Signal", ServerMicroseconds(ours?.FixedLatency), ServerMicroseconds(bare?.FixedLatency), "0.0", string.Empty, null);
        w.Line($"{"load average (1 min) at each start",-44} {ours?.LoadAverage,12} {bare?.LoadAverage,12}");
        w.Field("run time", $"{Elapsed.TotalSeconds:0} s");
        w.Line("===============================================================");
    }

    private static void PrintRun(Writer w, ServerRun run)
    {
        w.Line();
        w.Line($"--- {run.Target.Name}: {run.Target.HubPath}, {run.Target.SignalMethod}(to, payload){(run.Target.UsesSessions ? ", sessions, rooms and limits" : ", nothing else")} -- load average {run.LoadAverage} at start");
        w.Field("server", run.Server);
        w.Field("clients", run.Clients);
        if (run.Idle is { } a)
        {
            w.Field("A idle", $"{a.Joined}/{a.Requested} {(run.Target.UsesSessions ? "joined" : "open")}; {a.Failed} failed, {run.Dropped} dropped later; opened in {a.ConnectSeconds:0.0} s ({(a.Joined - a.Warmup) / Math.Max(0.001, a.ConnectSeconds):0}/s)");
            if (a.FirstError is not null)
            {
                w.Field(string.Empty, "first failure: " + a.FirstError);
            }

            if (run.FirstDropReason is not null)
            {
                w.Field(string.Empty, "first drop: " + run.FirstDropReason);
            }

            w.Field(string.Empty, $"server RSS {IdlePhase.Mb(a.BaselineRssBytes)} with {a.Warmup} warm-up connections -> {IdlePhase.Mb(a.HalfRssBytes)} with {a.HalfJoined} -> {IdlePhase.Mb(a.IdleRssBytes)} with {a.Joined} after {a.IdleSeconds:0} s idle");
            w.Field(string.Empty, (a.KilobytesPerConnection is { } kb ? $"{kb:0.0} KB per idle connection" : "n/a KB per idle connection")
                + (MemoryMeaningful(run) ? string.Empty : " (too few connections to mean much)")
                + (a.MarginalKilobytesPerConnection is { } marginal ? $"; second half alone {marginal:0.0} KB" : string.Empty));
        }

        if (run.Warmup is not null)
        {
            w.Field("warm-up", run.Warmup);
        }

        if (run.Throughput is { } b)
        {
            w.Field("B relay", $"{N((long)b.RelayedPerSecond)} Signals/s; {b.Senders} senders, window {b.Window}, payload {b.PayloadBytes} B, no invocation id, {b.MeasuredSeconds:0.0} s measured");
            w.Field(string.Empty, $"received in window {N(b.ReceivedInWindow)}; whole phase sent {N(b.Sent)}, received {N(b.Received)}, lost {N(b.Lost)}, failed senders {b.FailedSenders}");
            w.Field(string.Empty, $"CPU {b.Cpu}; server {Us(b.ServerMicrosecondsPerSignal)} µs and bench {Us(b.ClientMicrosecondsPerSignal)} µs of CPU per Signal");
            w.Field(string.Empty, $"latency at saturation (a queue of senders x window by construction) {Percentiles(b.Latency)}");
        }

        PrintLatency(w, "C latency", run.Latency);
        PrintLatency(w, "D latency", run.FixedLatency);
        w.Field("server log", $"{run.ServerWarnings} warning/error lines; run time {run.Elapsed.TotalSeconds:0} s");
        if (run.Failure is not null)
        {
            w.Field("FAILED", run.Failure);
        }

        if (run.ServerTail is { Length: > 0 })
        {
            w.Field("server tail", string.Empty);
            w.Line(run.ServerTail);
        }
    }

    private static void PrintLatency(Writer w, string name, LatencyResult? c)
    {
        if (c is null)
        {
            return;
        }

        w.Field(name, $"{N(c.TargetRate)} Signals/s ({c.RateSource}) from {c.Senders} senders; achieved {N((long)c.AchievedRate)}/s over {c.MeasuredSeconds:0.0} s");
        w.Field(string.Empty, Percentiles(c.Latency));
        w.Field(string.Empty, $"{N(c.Latency.Count)} samples; sent {N(c.Sent)}, received {N(c.Received)}, lost {N(c.Lost)}; {c.Cpu.BenchGc()}");
        w.Field(string.Empty, $"CPU {c.Cpu}; server {Us(ServerMicroseconds(c))} µs of CPU per Signal");
    }

    private static bool MemoryMeaningful(ServerRun? run)
        => run?.Idle is { } a && a.Joined - a.Warmup >= MinConnectionsForMemoryFigure;

    private static double? ServerMicroseconds(LatencyResult? c)
        => c is { Cpu.ServerCores: { } cores, AchievedRate: > 0 } ? cores * 1e6 / c.AchievedRate : null;

    private static double? P99(LatencyResult? c) => P(c, 99);

    private static double? P(LatencyResult? c, double percentile)
        => c is { Latency.Count: > 0 } ? c.Latency.PercentileMilliseconds(percentile) : null;

    private static double? Ratio(double? ours, double? bare) => ours is { } o && bare is { } b && b > 0 ? o / b : null;

    private static void Compare(Writer w, string figure, double? ours, double? bare, string format, string target, bool? met)
    {
        string F(double? v) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";
        var ratio = Ratio(ours, bare);
        w.Line($"{figure,-44} {F(ours),12} {F(bare),12} {(ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "n/a"),7}   {target}{(target.Length == 0 ? string.Empty : met is null ? " n/a" : met.Value ? " MET" : " MISSED")}");
    }

    private static string Percentiles(LatencyHistogram h)
        => h.Count == 0
            ? "no samples"
            : string.Create(CultureInfo.InvariantCulture, $"p50 {h.PercentileMilliseconds(50):0.00} ms  p90 {h.PercentileMilliseconds(90):0.00} ms  p99 {h.PercentileMilliseconds(99):0.00} ms  max {h.MaxMilliseconds:0.00} ms");

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Us(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "?";

    /// <summary>Aligned "name : value" lines.</summary>
    private sealed class Writer(TextWriter output)
    {
        public void Line(string text = "") => output.WriteLine(text);

        public void Field(string name, string value) => output.WriteLine($"{name,-12}: {value}");
    }
}
