using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Observability;

/// <summary>What <c>/metrics</c> exports. Bound from <c>Meeting:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Meeting:Metrics";

    /// <summary>False leaves <c>/metrics</c> unmapped and listens to no meter.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The most series (tag sets) one metric exports; further tag sets are dropped, with one warning.
    /// Every exported tag takes a small, fixed set of values, so this only guards memory against a tag
    /// that would not; a limit, unlike an expiry, never resets a counter that came back.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxSeriesPerMetric { get; set; } = 1000;
}
