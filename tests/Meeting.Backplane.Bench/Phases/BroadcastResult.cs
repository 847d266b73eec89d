using Meeting.Backplane.Bench.Measurement;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>
/// One room's Chats fanned out to every member (the sender included): deliveries per second over the measured window,
/// and latency over all deliveries, those to peers on the sender's server and those that crossed to the other one.
/// </summary>
internal sealed record BroadcastResult(
    int GraPeers,
    int SbgPeers,
    int ChatRate,
    PacerResult Pacing,
    TimeSpan Measured,
    long DeliveredInWindow,
    long Delivered,
    LatencySummary All,
    LatencySummary SameServer,
    LatencySummary CrossServer,
    CpuUse Cpu)
{
    public int RoomSize => GraPeers + SbgPeers;

    public long ExpectedDeliveries => Pacing.Sent * RoomSize;

    public double DeliveriesPerSecond => DeliveredInWindow / Math.Max(Measured.TotalSeconds, 1e-6);

    public long Lost => Math.Max(0, ExpectedDeliveries - Delivered);
}
