namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// Gathers one scrape's families so that the text never holds two families of one name, nor a family
/// whose name is a sample name of another (a gauge <c>x_count</c> beside a histogram <c>x</c>), nor two
/// series of one label set; and lists them in a stable order, by name and then by labels.
/// </summary>
internal sealed class MetricFamilySet
{
    private readonly Dictionary<string, Entry> _families = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sampleNames = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds <paramref name="family"/>, merging it into an earlier family of the same name and type: series
    /// with the same labels add up when they count, and the first one wins when they are gauges. Returns
    /// false, leaving the set as it was, when the name is taken by a family of another type.
    /// </summary>
    public bool TryAdd(MetricFamily family)
    {
        if (_families.TryGetValue(family.Name, out var existing))
        {
            if (existing.Type != family.Type)
            {
                return false;
            }

            existing.Merge(family.Points);
            return true;
        }

        var sampleNames = SampleNames(family);
        if (sampleNames.Any(_sampleNames.Contains))
        {
            return false;
        }

        _sampleNames.UnionWith(sampleNames);
        var entry = new Entry(family.Name, family.Help, family.Type);
        entry.Merge(family.Points);
        _families.Add(family.Name, entry);
        return true;
    }

    public IReadOnlyList<MetricFamily> ToList()
        => _families.Values
            .OrderBy(entry => entry.Name, StringComparer.Ordinal)
            .Select(entry => entry.ToFamily())
            .ToArray();

    private static string[] SampleNames(MetricFamily family) => family.Type == PrometheusMetricType.Histogram
        ? [family.Name + "_bucket", family.Name + "_sum", family.Name + "_count"]
        : [family.Name];

    private sealed class Entry(string name, string help, PrometheusMetricType type)
    {
        private readonly Dictionary<string, MetricPoint> _points = new(StringComparer.Ordinal);

        public string Name => name;

        public PrometheusMetricType Type => type;

        public void Merge(IEnumerable<MetricPoint> points)
        {
            foreach (var point in points)
            {
                _points[point.Signature] = _points.TryGetValue(point.Signature, out var earlier) ? Combine(earlier, point) : point;
            }
        }

        public MetricFamily ToFamily()
            => new(name, help, type, _points.Values.OrderBy(p => p.Signature, StringComparer.Ordinal).ToArray());

        private MetricPoint Combine(MetricPoint earlier, MetricPoint later)
        {
            switch (type)
            {
                case PrometheusMetricType.Counter:
                    return earlier with { Value = earlier.Value + later.Value };
                case PrometheusMetricType.Histogram when earlier.Histogram is { } a && later.Histogram is { } b && a.UpperBounds.SequenceEqual(b.UpperBounds):
                    var counts = a.BucketCounts.Zip(b.BucketCounts, (x, y) => x + y).ToArray();
                    return earlier with { Histogram = new HistogramValue(a.UpperBounds, counts, a.Sum + b.Sum) };
                default:
                    return earlier;
            }
        }
    }
}
