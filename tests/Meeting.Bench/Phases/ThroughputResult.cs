using Meeting.Bench.Measurement;

namespace Meeting.Bench.Phases;

/// <summary>What phase B measured.</summary>
internal sealed record ThroughputResult(
    int Senders,
    int Rooms,
    int Window,
    int PayloadBytes,
    double MeasuredSeconds,
    long ReceivedInWindow,
    long Sent,
    long Received,
    int FailedSenders,
    CpuUse Cpu,
    LatencyHistogram Latency)
{
    public double RelayedPerSecond => MeasuredSeconds > 0 ? ReceivedInWindow / MeasuredSeconds : 0;

    public long Lost => Sent - Received;

    /// <summary>Server CPU time per relayed Signal, in microseconds.</summary>
    public double? ServerMicrosecondsPerSignal => Cpu.ServerCores is { } cores && RelayedPerSecond > 0 ? cores * 1e6 / RelayedPerSecond : null;

    public double ClientMicrosecondsPerSignal => RelayedPerSecond > 0 ? Cpu.ClientCores * 1e6 / RelayedPerSecond : 0;
}
