using System.Globalization;
using Meeting.Bench.Phases;

namespace Meeting.Bench;

/// <summary>Collects a run's figures and prints the summary block, each figure beside its target.</summary>
internal sealed class BenchReport
{
    public const double TargetKilobytesPerConnection = 30;
    public const double TargetRelayedPerSecond = 50_000;
    public const double TargetP99Milliseconds = 10;

    /// <summary>Fewer connections than this make the per-connection memory figure mostly noise.</summary>
    public const int MinConnectionsForMemoryFigure = 2_000;

    private readonly BenchOptions _options;

    public BenchReport(BenchOptions options) => _options = options;

    public string Server { get; set; } = "not started";

    public string Clients { get; set; } = string.Empty;

    public string LoadAverage { get; set; } = "?";

    public IdleResult? Idle { get; set; }

    public ThroughputResult? Throughput { get; set; }

    public LatencyResult? Latency { get; set; }

    public int Dropped { get; set; }

    public string? FirstDropReason { get; set; }

    public int ServerWarnings { get; set; }

    public string? Failure { get; set; }

    public string? ServerTail { get; set; }

    public TimeSpan Elapsed { get; set; }

    public void Print(TextWriter output)
    {
        var w = new Writer(output);
        w.Line();
        w.Line("==================== Meeting.Bench summary ====================");
        w.Field("mode", _options.Quick ? "--quick" : "full");
        w.Field("server", Server);
        w.Field("machine", $"{Environment.ProcessorCount} cores, shared by bench, server and whatever else runs (1-min load average {LoadAverage} at start); ulimit -n {Hosting.ProcStatus.ReadOpenFileLimit()?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
        w.Field("clients", Clients);

        if (Idle is { } a)
        {
            var rooms = a.Requested / a.RoomSize;
            w.Field("A idle", $"{a.Joined}/{a.Requested} joined in {rooms} rooms of {a.RoomSize}; {a.Failed} failed, {Dropped} dropped later; opened in {a.ConnectSeconds:0.0} s ({(a.Joined - a.Warmup) / Math.Max(0.001, a.ConnectSeconds):0}/s)");
            if (a.FirstError is not null)
            {
                w.Field(string.Empty, "first failure: " + a.FirstError);
            }

            if (FirstDropReason is not null)
            {
                w.Field(string.Empty, "first drop: " + FirstDropReason);
            }

            w.Field(string.Empty, $"server RSS {IdlePhase.Mb(a.BaselineRssBytes)} with {a.Warmup} warm-up connections -> {IdlePhase.Mb(a.HalfRssBytes)} with {a.HalfJoined} -> {IdlePhase.Mb(a.IdleRssBytes)} with {a.Joined} after {a.IdleSeconds:0} s idle");
            // Below a few thousand connections the server's pools and GC budget outweigh the connections themselves.
            var meaningful = a.Joined - a.Warmup >= MinConnectionsForMemoryFigure;
            w.Target(
                a.KilobytesPerConnection is { } kb
                    ? $"= {kb:0.0} KB per idle connection" + (meaningful ? string.Empty : " (too few connections to mean much)")
                    : "= n/a KB per idle connection (server process not readable)",
                $"<= {TargetKilobytesPerConnection:0} KB",
                a.KilobytesPerConnection is { } k && meaningful ? k <= TargetKilobytesPerConnection : null);
            w.Field(string.Empty, a.MarginalKilobytesPerConnection is { } marginal ? $"second half alone: {marginal:0.0} KB per connection" : "second half alone: n/a");
        }

        if (Throughput is { } b)
        {
            w.Field("B relay", $"{b.Senders} senders in {b.Rooms} rooms, window {b.Window}, payload {b.PayloadBytes} B, Signal without invocation id, {b.MeasuredSeconds:0.0} s measured");
            w.Target(
                $"{b.RelayedPerSecond.ToString("N0", CultureInfo.InvariantCulture)} Signals/s relayed",
                $">= {TargetRelayedPerSecond.ToString("N0", CultureInfo.InvariantCulture)}/s",
                b.RelayedPerSecond >= TargetRelayedPerSecond);
            w.Field(string.Empty, $"received in window {N(b.ReceivedInWindow)}; whole phase sent {N(b.Sent)}, received {N(b.Received)}, lost {N(b.Lost)}, failed senders {b.FailedSenders}");
            w.Field(string.Empty, $"CPU {b.Cpu}; server {Us(b.ServerMicrosecondsPerSignal)} µs and bench {Us(b.ClientMicrosecondsPerSignal)} µs of CPU per Signal");
            w.Field(string.Empty, $"latency at saturation (a queue of senders x window by construction) {Percentiles(b.Latency)}; {b.Cpu.BenchGc()}");
        }

        if (Latency is { } c)
        {
            w.Field("C latency", $"{N(c.TargetRate)} Signals/s ({c.RateSource}) from {c.Senders} senders; achieved {c.AchievedRate.ToString("N0", CultureInfo.InvariantCulture)}/s over {c.MeasuredSeconds:0.0} s");
            w.Target(Percentiles(c.Latency), $"p99 < {TargetP99Milliseconds:0} ms", c.Latency.Count > 0 ? c.Latency.PercentileMilliseconds(99) < TargetP99Milliseconds : null);
            w.Field(string.Empty, $"{N(c.Latency.Count)} samples; sent {N(c.Sent)}, received {N(c.Received)}, lost {N(c.Lost)}; {c.Cpu.BenchGc()}");
            w.Field(string.Empty, $"CPU {c.Cpu}");
        }

        w.Field("server log", $"{ServerWarnings} warning/error lines");
        if (Failure is not null)
        {
            w.Field("FAILED", Failure);
        }

        if (ServerTail is { Length: > 0 })
        {
            w.Field("server tail", string.Empty);
            w.Line(ServerTail);
        }

        w.Field("run time", $"{Elapsed.TotalSeconds:0} s");
        w.Line("===============================================================");
    }

    private static string Percentiles(Measurement.LatencyHistogram h)
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

        public void Target(string figure, string target, bool? met)
            => output.WriteLine($"{string.Empty,-12}  {figure,-62} target {target,-12} {(met is null ? "n/a" : met.Value ? "MET" : "MISSED")}");
    }
}
