namespace Meeting.Redis.Compare;

/// <summary>How long each phase of a drill lasts.</summary>
/// <param name="Warmup">Traffic before the fault, so that every connection is in use.</param>
/// <param name="Tail">How long the drill keeps measuring after Sentinel and the nodes have settled; a stack that keeps talking to the wrong node shows here.</param>
/// <param name="Settle">After the last send, before counting what arrived.</param>
internal sealed record DrillTiming(TimeSpan Warmup, TimeSpan Tail, TimeSpan Settle)
{
    public static DrillTiming Full { get; } = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3));

    public static DrillTiming Quick { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2));

    /// <summary>Bound on the wait for Sentinel to settle after the fault.</summary>
    public TimeSpan RecoveryTimeout { get; } = TimeSpan.FromSeconds(90);

    /// <summary>Bound on the wait for writes, sends and group calls still in flight once the drill ends.</summary>
    public TimeSpan DrainTimeout { get; } = TimeSpan.FromSeconds(45);
}
