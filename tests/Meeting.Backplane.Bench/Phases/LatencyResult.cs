using Meeting.Backplane.Bench.Measurement;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>Send-to-receive latency of Signals sent at a fixed rate; samples are the Signals sent within the measured window.</summary>
internal sealed record LatencyResult(
    string Label,
    int Pairs,
    int RequestedRate,
    string RateSource,
    PacerResult Pacing,
    long Received,
    LatencySummary Latency,
    CpuUse Cpu)
{
    public long Lost => Math.Max(0, Pacing.Sent - Received);
}
