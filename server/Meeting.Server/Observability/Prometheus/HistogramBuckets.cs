using System.Diagnostics.Metrics;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>The fixed bucket bounds of a histogram, in the exported (base) unit.</summary>
internal static class HistogramBuckets
{
    /// <summary>The Prometheus client libraries' default buckets, for durations in seconds.</summary>
    private static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>OpenTelemetry's default explicit buckets, for everything else.</summary>
    private static readonly double[] Default = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>The instrument's advice when it gives one (ASP.NET Core's duration histograms do), otherwise a default for its unit.</summary>
    public static double[] For(Instrument instrument, PrometheusUnit unit)
    {
        var advised = instrument switch
        {
            Instrument<double> i => i.Advice?.HistogramBucketBoundaries?.ToArray(),
            Instrument<float> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<long> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<short> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<byte> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<decimal> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            return Normalize(advised.Select(unit.ToBase));
        }

        return unit.Suffix == "seconds" ? Seconds.ToArray() : Normalize(Default.Select(unit.ToBase));
    }

    /// <summary>Ascending and distinct, without infinities or NaN: the <c>+Inf</c> bucket is always added.</summary>
    private static double[] Normalize(IEnumerable<double> bounds)
        => bounds.Where(double.IsFinite).Distinct().Order().ToArray();
}
