using Meeting.Bench.Clients;
using Meeting.Bench.Phases;

namespace Meeting.Bench;

/// <summary>What one server (ours or the bare hub) measured in a run.</summary>
internal sealed class ServerRun(HubTarget target)
{
    public HubTarget Target { get; } = target;

    public string Server { get; set; } = "not started";

    public string Clients { get; set; } = string.Empty;

    /// <summary>The 1-minute load average when this server's phases started.</summary>
    public string LoadAverage { get; set; } = "?";

    public IdleResult? Idle { get; set; }

    /// <summary>How the server was warmed up before phase B.</summary>
    public string? Warmup { get; set; }

    public ThroughputResult? Throughput { get; set; }

    /// <summary>Phase C: half of this server's own phase B figure.</summary>
    public LatencyResult? Latency { get; set; }

    /// <summary>Phase D: the fixed rate the target is stated at, the same for both servers.</summary>
    public LatencyResult? FixedLatency { get; set; }

    public int Dropped { get; set; }

    public string? FirstDropReason { get; set; }

    public int ServerWarnings { get; set; }

    public string? Failure { get; set; }

    public string? ServerTail { get; set; }

    public TimeSpan Elapsed { get; set; }
}
