namespace Meeting.Backplane.Bench.Measurement;

/// <summary>Percentiles of one set of latencies, in milliseconds; <see cref="Dropped"/> samples did not fit and are not included.</summary>
internal sealed record LatencySummary(long Samples, long Dropped, double P50, double P90, double P99, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>"p50 0.84 ms, p90 1.20 ms, p99 3.41 ms, max 12.0 ms (60,000 samples)".</summary>
    public string Describe() => Samples == 0
        ? "no samples"
        : $"p50 {P50:0.00} ms, p90 {P90:0.00} ms, p99 {P99:0.00} ms, max {Max:0.0} ms ({Samples:N0} samples{(Dropped > 0 ? $", {Dropped:N0} beyond capacity" : string.Empty)})";
}
