using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>What <c>/metrics</c> exports. Bound from <c>Meeting:Metrics</c>.</summary>
public sealed class PrometheusMetricsOptions
{
    public const string Section = "Meeting:Metrics";

    /// <summary>The meters exported when <see cref="Meters"/> names none: the service's own, the .NET runtime's
    /// (GC, thread pool, JIT), and ASP.NET Core's HTTP request and Kestrel connection meters.</summary>
    public static IReadOnlyList<string> DefaultMeters { get; } =
    [
        "Meeting.Server",
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
    ];

    /// <summary>False leaves <c>/metrics</c> unmapped and listens to no meter.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The names of the meters to export; empty means <see cref="DefaultMeters"/>.</summary>
    public string[] Meters { get; set; } = [];

    /// <summary>Tag sets kept per instrument; measurements with further tag sets are counted in one overflow
    /// series, so that an unbounded tag cannot exhaust memory or the Prometheus server.</summary>
    [Range(1, 100_000)]
    public int MaxSeriesPerInstrument { get; set; } = 2_000;
}
