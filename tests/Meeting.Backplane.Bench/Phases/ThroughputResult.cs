using Meeting.Backplane.Bench.Measurement;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>
/// Signals relayed per second: those the receivers got during the measured window, over its length. Sent and received
/// count the whole phase, warm-up and drain included; lost is what never arrived within the drain.
/// </summary>
internal sealed record ThroughputResult(
    string Label,
    int Pairs,
    int Window,
    TimeSpan Measured,
    long ReceivedInWindow,
    long Sent,
    long Received,
    int StalledSenders,
    CpuUse Cpu)
{
    public double PerSecond => ReceivedInWindow / Math.Max(Measured.TotalSeconds, 1e-6);

    public long Lost => Math.Max(0, Sent - Received);
}
