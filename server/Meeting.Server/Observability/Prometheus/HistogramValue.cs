namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// One histogram series at scrape time. <see cref="BucketCounts"/> holds one count per upper bound plus a
/// last one for everything above the highest bound; counts are per bucket, not cumulative, so that two
/// series can be merged by adding them. <see cref="Count"/> is derived from the buckets, which keeps the
/// <c>+Inf</c> bucket and <c>_count</c> equal even while measurements arrive during the scrape.
/// </summary>
internal sealed record HistogramValue(IReadOnlyList<double> UpperBounds, IReadOnlyList<long> BucketCounts, double Sum)
{
    public long Count
    {
        get
        {
            var count = 0L;
            foreach (var bucket in BucketCounts)
            {
                count += bucket;
            }

            return count;
        }
    }
}
