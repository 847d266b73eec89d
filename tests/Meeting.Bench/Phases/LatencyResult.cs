using Meeting.Bench.Measurement;

namespace Meeting.Bench.Phases;

/// <summary>What phase C measured.</summary>
internal sealed record LatencyResult(
    int TargetRate,
    string RateSource,
    int Senders,
    double MeasuredSeconds,
    long SentInWindow,
    long Sent,
    long Received,
    CpuUse Cpu,
    LatencyHistogram Latency)
{
    public double AchievedRate => MeasuredSeconds > 0 ? SentInWindow / MeasuredSeconds : 0;

    public long Lost => Sent - Received;
}
