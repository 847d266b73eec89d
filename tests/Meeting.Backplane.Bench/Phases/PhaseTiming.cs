namespace Meeting.Backplane.Bench.Phases;

/// <summary>How long a phase warms up and measures, and how long its senders may take to notice they should stop.</summary>
internal sealed record PhaseTiming(TimeSpan Warmup, TimeSpan Duration)
{
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public TimeSpan SendingTime => Warmup + Duration;
}
