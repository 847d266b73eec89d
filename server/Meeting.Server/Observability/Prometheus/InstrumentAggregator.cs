using System.Collections.Concurrent;
using System.Globalization;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// Aggregates the measurements of one instrument into one <see cref="MetricSeries"/> per tag set.
/// Finding the series of a tag set seen before is a lock-free dictionary read that allocates nothing;
/// only a new tag set takes this aggregator's lock, to create its series once.
/// </summary>
internal sealed class InstrumentAggregator
{
    /// <summary>The label OpenTelemetry SDKs put on the series that collects measurements past the series limit.</summary>
    public const string OverflowLabel = "otel_metric_overflow";

    private readonly ConcurrentDictionary<TagSet, MetricSeries> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricSeries>.AlternateLookup<TagSpan> _lookup;
    private readonly Lock _gate = new();
    private readonly double[]? _upperBounds;
    private readonly int _maxSeries;
    private MetricSeries? _untagged;
    private MetricSeries? _overflow;
    private int _seriesCount;
    private long _generation;

    public InstrumentAggregator(InstrumentKind kind, InstrumentExport export, double[]? upperBounds, int maxSeries)
    {
        Kind = kind;
        Export = export;
        _upperBounds = upperBounds;
        _maxSeries = maxSeries;
        _lookup = _series.GetAlternateLookup<TagSpan>();
    }

    public InstrumentKind Kind { get; }

    public InstrumentExport Export { get; }

    /// <summary>True once measurements went to the overflow series; the collector logs it once.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Set by the collector once it has logged a problem with this instrument, so it logs it once.</summary>
    public bool Reported { get; set; }

    public bool IsObservable => Kind is InstrumentKind.ObservableCounter or InstrumentKind.ObservableUpDownCounter or InstrumentKind.ObservableGauge;

    /// <summary>Starts a scrape: observable series reported from now on belong to it, the rest are stale.</summary>
    public void BeginCollect() => _generation++;

    public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (Kind)
        {
            case InstrumentKind.Counter:
                // A counter only goes up; a negative increment is a caller's mistake that Prometheus would
                // read as a counter reset.
                if (value >= 0)
                {
                    Find(tags).Add(value);
                }

                break;
            case InstrumentKind.UpDownCounter:
                Find(tags).Add(value);
                break;
            default:
                Record((double)value, tags);
                break;
        }
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (Kind)
        {
            case InstrumentKind.Counter:
                if (value >= 0)
                {
                    Find(tags).Add(value);
                }

                break;
            case InstrumentKind.UpDownCounter:
                Find(tags).Add(value);
                break;
            case InstrumentKind.Gauge:
                Find(tags).Set(value);
                break;
            case InstrumentKind.Histogram:
                // Bucketed in the exported unit, so the bounds stay the exact numbers they were given as.
                Find(tags).Observe(Export.Unit.ToBase(value));
                break;
            default:
                // Observable instruments report during the scrape, on the scrape's thread.
                var series = Find(tags);
                series.Set(value);
                series.MarkObserved(_generation);
                break;
        }
    }

    /// <summary>The family as it stands. Observable series not reported in this scrape are left out: the
    /// callback no longer knows them.</summary>
    public MetricFamily Collect()
    {
        var points = new List<MetricPoint>();
        AddPoint(points, Volatile.Read(ref _untagged));
        foreach (var series in _series.Values)
        {
            AddPoint(points, series);
        }

        AddPoint(points, Volatile.Read(ref _overflow));
        return new MetricFamily(Export.Name, Export.Help, Export.Type, points);
    }

    private void AddPoint(List<MetricPoint> points, MetricSeries? series)
    {
        if (series is null || (IsObservable && !series.WasObservedIn(_generation)))
        {
            return;
        }

        points.Add(Kind == InstrumentKind.Histogram
            ? new MetricPoint(series.Labels, 0, series.ReadHistogram())
            : new MetricPoint(series.Labels, Export.Unit.ToBase(series.Value)));
    }

    private MetricSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Volatile.Read(ref _untagged) ?? CreateUntagged();
        }

        return _lookup.TryGetValue(new TagSpan(tags), out var series) ? series : Create(tags);
    }

    private MetricSeries CreateUntagged()
    {
        lock (_gate)
        {
            if (_untagged is null)
            {
                Volatile.Write(ref _untagged, new MetricSeries([], _upperBounds));
            }

            return _untagged;
        }
    }

    private MetricSeries Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            if (_lookup.TryGetValue(new TagSpan(tags), out var existing))
            {
                return existing;
            }

            if (_seriesCount >= _maxSeries)
            {
                Overflowed = true;
                if (_overflow is null)
                {
                    Volatile.Write(ref _overflow, new MetricSeries([new(OverflowLabel, "true")], _upperBounds));
                }

                return _overflow;
            }

            var series = new MetricSeries(Labels(tags), _upperBounds);
            _series[new TagSet(tags.ToArray())] = series;
            _seriesCount++;
            return series;
        }
    }

    /// <summary>Prometheus labels for a tag set: names mapped, the first of any repeated name kept, sorted by name.</summary>
    private KeyValuePair<string, string>[] Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var name = Export.LabelName(key);
            if (!labels.Exists(l => l.Key == name))
            {
                labels.Add(new(name, LabelValue(value)));
            }
        }

        labels.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        return labels.ToArray();
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
