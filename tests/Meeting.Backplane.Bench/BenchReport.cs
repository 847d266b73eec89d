using Meeting.Backplane.Bench.Hosting;
using Meeting.Backplane.Bench.Measurement;
using Meeting.Backplane.Bench.Phases;

namespace Meeting.Backplane.Bench;

/// <summary>What the run found, filled in as it goes and printed as one summary block at the end, failed or not.</summary>
internal sealed class BenchReport
{
    private const string Rule = "===================================================================================";

    public BenchReport(BenchOptions options) => Options = options;

    public BenchOptions Options { get; }

    public string? Machine { get; set; }

    public string? Processes { get; set; }

    public TimeSpan? WiringSignal { get; set; }

    public WarmupResult? Warmup { get; set; }

    public CpuUse? Idle { get; set; }

    public int PeersOpened { get; set; }

    public int PeersClosed { get; set; }

    public List<ThroughputResult> Throughput { get; } = [];

    public List<LatencyResult> Latency { get; } = [];

    public BroadcastResult? Broadcast { get; set; }

    public string? ServerLog { get; set; }

    public string? ServerTails { get; set; }

    public string? Failure { get; set; }

    public TimeSpan Elapsed { get; set; }

    public static string ThroughputLine(ThroughputResult r) =>
        $"{r.Label,-24} {r.PerSecond,10:N0} Signals/s   (sent {r.Sent:N0}, received {r.Received:N0}, lost {r.Lost:N0}{(r.StalledSenders > 0 ? $", {r.StalledSenders} senders stalled" : string.Empty)})";

    public static string LatencyLine(LatencyResult r) =>
        $"{r.Label,-24} {r.Latency.Describe()}";

    public static string CpuLine(CpuUse cpu, long messages, string unit)
    {
        var (gra, sbg) = (BenchCluster.GraSite, BenchCluster.SbgSite);
        var perMessage = messages > 0
            ? $"; per {unit}: servers {(cpu.CpuTimeOf(gra) + cpu.CpuTimeOf(sbg)).TotalMicroseconds / messages:0.0} µs, redis {cpu.CpuTimeOf("redis").TotalMicroseconds / messages:0.0} µs of CPU; " +
              $"context switches gra {(double)cpu.ContextSwitchesOf(gra) / messages:0.00}, sbg {(double)cpu.ContextSwitchesOf(sbg) / messages:0.00}"
            : string.Empty;
        return $"cpu: {cpu.Describe()}{perMessage}{(cpu.Others > 0.25 ? "  [DISTURBED: other processes used the cores]" : string.Empty)}";
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(Rule);
        output.WriteLine("Meeting.Backplane.Bench — summary");
        output.WriteLine(Rule);
        Row(output, "machine", Machine);
        Row(output, "processes", Processes);
        Row(output, "options", $"--rooms {Options.Rooms} --window {Options.Window} --server-warmup {Options.ServerWarmup.TotalSeconds:0.#} --warmup {Options.Warmup.TotalSeconds:0.#} --duration {Options.Duration.TotalSeconds:0.#}{(Options.Quick ? " --quick" : string.Empty)}{string.Concat(Options.ServerEnvironment.Select(e => $" --server-env {e.Key}={e.Value}"))}");
        if (WiringSignal is { } wiring)
        {
            Row(output, "wiring", $"ok: roster shared, Signal gra→sbg and Chat sbg→gra cross; first Signal with its completion {wiring.TotalMilliseconds:0.0} ms");
        }

        Row(output, "warm-up", Warmup?.Describe());
        if (Idle is { } idle)
        {
            var seconds = Math.Max(idle.Elapsed.TotalSeconds, 1e-6);
            Row(output, "idle", $"{idle.Describe()}; context switches/s gra {idle.ContextSwitchesOf(BenchCluster.GraSite) / seconds:N0}, sbg {idle.ContextSwitchesOf(BenchCluster.SbgSite) / seconds:N0}");
        }

        if (Throughput.Count > 0)
        {
            output.WriteLine($"(1) throughput: {Options.Rooms} rooms of 2, each sender at most {Options.Window} Signals in flight, {Throughput[0].Measured.TotalSeconds:0.0} s measured");
            foreach (var result in Throughput)
            {
                output.WriteLine("    " + ThroughputLine(result));
                output.WriteLine("    " + new string(' ', 25) + CpuLine(result.Cpu, result.ReceivedInWindow, "Signal"));
            }

            if (Throughput.Count == 2 && Throughput[1].PerSecond > 0)
            {
                output.WriteLine($"    {"cross / same",-24} {Throughput[0].PerSecond / Throughput[1].PerSecond,10:0.00}");
            }
        }

        if (Latency.Count > 0)
        {
            var first = Latency[0];
            output.WriteLine($"(2) latency: Signals at {first.RequestedRate:N0}/s ({first.RateSource}), send→receive, {Options.Duration.TotalSeconds:0.#} s measured");
            foreach (var result in Latency)
            {
                output.WriteLine("    " + LatencyLine(result));
                output.WriteLine($"    {string.Empty,-24} sent {result.Pacing.Sent:N0} at {result.Pacing.Rate:N0}/s, received {result.Received:N0}, lost {result.Lost:N0}; pacer at most {result.Pacing.MaxBehind.TotalMilliseconds:0.0} ms behind");
                output.WriteLine($"    {string.Empty,-24} {CpuLine(result.Cpu, result.Latency.Samples, "Signal")}");
            }
        }

        if (Broadcast is { } broadcast)
        {
            output.WriteLine($"(3) broadcast: one room of {broadcast.RoomSize} ({broadcast.GraPeers} on gra, {broadcast.SbgPeers} on sbg), Chats at {broadcast.ChatRate:N0}/s round-robin, {broadcast.Measured.TotalSeconds:0.0} s measured");
            output.WriteLine($"    {"deliveries",-24} {broadcast.DeliveriesPerSecond,10:N0} /s         (chats sent {broadcast.Pacing.Sent:N0} at {broadcast.Pacing.Rate:N0}/s, deliveries {broadcast.Delivered:N0} of {broadcast.ExpectedDeliveries:N0}, lost {broadcast.Lost:N0})");
            output.WriteLine($"    {"all deliveries",-24} {broadcast.All.Describe()}");
            output.WriteLine($"    {"on the sender's server",-24} {broadcast.SameServer.Describe()}");
            output.WriteLine($"    {"across servers",-24} {broadcast.CrossServer.Describe()}");
            output.WriteLine($"    {string.Empty,-24} {CpuLine(broadcast.Cpu, broadcast.DeliveredInWindow, "delivery")}");
        }

        Row(output, "peers", $"{PeersOpened} opened, {PeersClosed} closed before the end");
        Row(output, "server log", ServerLog);
        if (!string.IsNullOrEmpty(ServerTails))
        {
            output.WriteLine(ServerTails);
        }

        Row(output, "result", Failure is null ? $"OK in {Elapsed.TotalSeconds:0} s" : $"FAILED after {Elapsed.TotalSeconds:0} s: {Failure}");
        output.WriteLine(Rule);
    }

    private static void Row(TextWriter output, string name, string? value)
    {
        if (value is not null)
        {
            output.WriteLine($"{name,-11} {value}");
        }
    }
}
