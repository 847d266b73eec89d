using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Observability;

/// <summary>What <c>/metrics</c> exports. Bound from <c>Meeting:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Meeting:Metrics";

    /// <summary>The meters exported when <see cref="Meters"/> names none: the service's own, the .NET runtime's
    /// (GC, thread pool, JIT), the runtime counts republished under their dashboard names, and ASP.NET Core's
    /// HTTP request and Kestrel connection meters.</summary>
    public static IReadOnlyList<string> DefaultMeters { get; } =
    [
        MeetingMetrics.MeterName,
        Meeting.Sfu.SfuMetrics.MeterName,
        RuntimeCountMetrics.RuntimeMeterName,
        RuntimeCountMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
    ];

    /// <summary>False leaves <c>/metrics</c> unmapped and listens to no meter.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The names of the meters to export; empty means <see cref="DefaultMeters"/>.</summary>
    public string[] Meters { get; set; } = [];

    /// <summary>
    /// A series that no measurement has touched for this long is dropped, so that a tag value seen once
    /// does not stay in memory forever. A dropped counting series starts again from zero when it comes
    /// back, which Prometheus reads as a reset; hence the longest expiry prometheus-net allows by default.
    /// Observable instruments report at every scrape and never expire while they report.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SeriesExpireAfter { get; set; } = TimeSpan.FromDays(1);
}
