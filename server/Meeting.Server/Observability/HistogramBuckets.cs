using System.Diagnostics.Metrics;

namespace Meeting.Server.Observability;

/// <summary>The bucket bounds of an exported histogram, in the instrument's own unit (none is converted: every listed one is in its base unit already).</summary>
internal static class HistogramBuckets
{
    /// <summary>The Prometheus client libraries' default buckets, for durations in seconds.</summary>
    private static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>OpenTelemetry's default explicit buckets, for everything else.</summary>
    private static readonly double[] Default = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>The instrument's advice when it gives one (ASP.NET Core's duration histograms and ours do),
    /// otherwise a default for its unit. prometheus-net's own default (exponential from 10 ms to four days)
    /// fits neither.</summary>
    public static double[] For(Instrument instrument)
    {
        var advised = instrument switch
        {
            Instrument<double> i => i.Advice?.HistogramBucketBoundaries?.ToArray(),
            Instrument<float> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<long> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        var bounds = advised is { Length: > 0 } ? advised : instrument.Unit == "s" ? Seconds : Default;

        // prometheus-net wants them ascending and distinct, and adds +Inf itself.
        return bounds.Where(double.IsFinite).Distinct().Order().ToArray();
    }
}
