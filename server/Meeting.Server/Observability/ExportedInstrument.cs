using System.Diagnostics.Metrics;
using System.Globalization;
using Prometheus;

namespace Meeting.Server.Observability;

/// <summary>
/// One instrument's measurements written into its prometheus-net metric under the name
/// <see cref="ExportedMetrics"/> gives it. A measurement finds its series in a <see cref="SeriesTable{TSeries}"/>
/// and updates the prometheus-net child, which is lock-free; nothing is allocated once the tag set is known.
/// </summary>
internal sealed class ExportedInstrument
{
    private readonly Mode _mode;
    private readonly MetricExport _export;
    private readonly string _help;
    private readonly double[]? _buckets;
    private readonly IMetricFactory _factory;
    private readonly bool _observable;
    private long _collection;

    private ExportedInstrument(Instrument instrument, MetricExport export, Mode mode, IMetricFactory factory, int maxSeries)
    {
        Instrument = instrument;
        _export = export;
        _mode = mode;
        _factory = factory;
        _observable = instrument.IsObservable;
        _help = export.Help ?? (string.IsNullOrWhiteSpace(instrument.Description) ? export.Name : instrument.Description);
        _buckets = mode == Mode.Observe ? HistogramBuckets.For(instrument) : null;
        Table = new SeriesTable<Series>(Create, maxSeries);
    }

    private enum Mode
    {
        /// <summary>A counter's increment added to a Prometheus counter.</summary>
        Add,

        /// <summary>An up-down counter's (or counter's) change added to a gauge.</summary>
        AddToGauge,

        /// <summary>An observed or recorded value set on a gauge.</summary>
        Set,

        /// <summary>An observable counter's running total, which the Prometheus counter is raised to.</summary>
        RaiseTo,

        /// <summary>A histogram's recorded value.</summary>
        Observe,
    }

    public Instrument Instrument { get; }

    public string Name => _export.Name;

    public SeriesTable<Series> Table { get; }

    /// <summary>How the instrument is exported, or null (with the reason) when its kind cannot be the listed type:
    /// a value that goes down is no counter, and only a histogram has buckets.</summary>
    public static ExportedInstrument? For(Instrument instrument, MetricExport export, IMetricFactory factory, int maxSeries, out string? refusal)
    {
        var definition = instrument.GetType() is { IsGenericType: true } type ? type.GetGenericTypeDefinition() : null;
        var isCounter = definition == typeof(Counter<>);
        var isObservableCounter = definition == typeof(ObservableCounter<>);
        Mode? mode = export.Type switch
        {
            ExportType.Histogram when definition == typeof(Histogram<>) => Mode.Observe,
            ExportType.Counter when isCounter => Mode.Add,
            ExportType.Counter when isObservableCounter => Mode.RaiseTo,
            ExportType.Gauge when isCounter || definition == typeof(UpDownCounter<>) => Mode.AddToGauge,
            ExportType.Gauge when isObservableCounter || definition == typeof(ObservableUpDownCounter<>)
                || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) => Mode.Set,
            _ => null,
        };
        refusal = mode is null ? $"a {(definition ?? instrument.GetType()).Name.Split('`')[0]} cannot be exported as a {export.Type}" : null;
        return mode is { } found ? new ExportedInstrument(instrument, export, found, factory, maxSeries) : null;
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Table.Get(tags) is not { } series)
        {
            return;
        }

        switch (_mode)
        {
            case Mode.Add when value > 0:
                series.Counter!.Inc(value);
                break;
            case Mode.AddToGauge:
                series.Gauge!.Inc(value);
                break;
            case Mode.Set:
                series.Gauge!.Set(value);
                break;
            case Mode.RaiseTo:
                series.Counter!.IncTo(value);
                break;
            case Mode.Observe:
                series.Histogram!.Observe(value);
                break;
        }

        // Only observable instruments' series are retired, and only the scrape measures those.
        if (_observable)
        {
            series.Collection = _collection;
        }
    }

    /// <summary>Before the scrape reads the observable instruments.</summary>
    public void BeginCollect(long collection) => _collection = collection;

    /// <summary>After the scrape read them: a tag set the instrument no longer reports is no longer exported.</summary>
    public void RetireUnreported() => Table.RemoveWhere(series =>
    {
        if (series.Collection == _collection)
        {
            return false;
        }

        series.Child.Remove();
        return true;
    });

    /// <summary>The instrument is gone (its meter was disposed): so are its series.</summary>
    public void RemoveAll() => Table.RemoveWhere(series =>
    {
        series.Child.Remove();
        return true;
    });

    private Series Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // prometheus-net keeps one collector per label-name set under the family's name; sorted labels make
        // the same tags in another order the same series.
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            labels.TryAdd(ExportedMetrics.LabelName(_export, key), LabelValue(value));
        }

        var names = labels.Keys.ToArray();
        var values = labels.Values.ToArray();
        return _mode switch
        {
            Mode.Add or Mode.RaiseTo => new Series(_factory.CreateCounter(Name, _help, names).WithLabels(values)),
            Mode.Observe => new Series(_factory.CreateHistogram(Name, _help, names, new HistogramConfiguration { Buckets = _buckets }).WithLabels(values)),
            _ => new Series(_factory.CreateGauge(Name, _help, names).WithLabels(values)),
        };
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>One exported series: the prometheus-net child, and the last scrape that measured it.</summary>
    internal sealed class Series(ChildBase child)
    {
        public ChildBase Child { get; } = child;

        public Counter.Child? Counter { get; } = child as Counter.Child;

        public Gauge.Child? Gauge { get; } = child as Gauge.Child;

        public Histogram.Child? Histogram { get; } = child as Histogram.Child;

        public long Collection { get; set; }
    }
}
