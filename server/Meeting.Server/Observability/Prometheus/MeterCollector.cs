using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// Listens to the instruments of the configured meters and aggregates their measurements for
/// <c>/metrics</c>. Recording runs on the callers' threads and never waits for a scrape; scrapes run one
/// at a time, since reading observable instruments and telling their live series from stale ones
/// belongs to one scrape.
/// </summary>
internal sealed class MeterCollector : IHostedService, IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _aggregators = new();
    private readonly Lock _scrape = new();
    private readonly HashSet<string> _meters;
    private readonly IMeterFactory _meterFactory;
    private readonly PrometheusMetricsOptions _options;
    private readonly ILogger<MeterCollector> _logger;

    public MeterCollector(IMeterFactory meterFactory, IOptions<PrometheusMetricsOptions> options, ILogger<MeterCollector> logger)
    {
        _meterFactory = meterFactory;
        _options = options.Value;
        _logger = logger;
        _meters = new HashSet<string>(_options.Meters.Length > 0 ? _options.Meters : PrometheusMetricsOptions.DefaultMeters, StringComparer.Ordinal);

        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = (instrument, state) => _aggregators.TryRemove(instrument, out _);
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record((double)value, tags));
    }

    /// <summary>Starts listening; instruments that already exist are published to the listener at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            _listener.Start();
        }

        return Task.CompletedTask;
    }

    /// <summary>Keeps listening while the host drains, so a last scrape still sees the final counts.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reads the observable instruments and adds every instrument's family to <paramref name="families"/>.</summary>
    public void CollectInto(MetricFamilySet families)
    {
        lock (_scrape)
        {
            var aggregators = _aggregators.Values.ToArray();
            foreach (var aggregator in aggregators)
            {
                if (aggregator.IsObservable)
                {
                    aggregator.BeginCollect();
                }
            }

            _listener.RecordObservableInstruments();
            foreach (var aggregator in aggregators)
            {
                var family = aggregator.Collect();
                if (!families.TryAdd(family) && !aggregator.Reported)
                {
                    aggregator.Reported = true;
                    _logger.LogWarning(
                        "Metric {Metric} from meter {Meter} clashes with a metric of the same name and is not exported",
                        family.Name,
                        aggregator.Export.MeterName);
                }

                if (aggregator.Overflowed && !aggregator.Reported)
                {
                    aggregator.Reported = true;
                    _logger.LogWarning(
                        "Metric {Metric} from meter {Meter} reached {MaxSeries} series; further tag sets are counted under {OverflowLabel}",
                        family.Name,
                        aggregator.Export.MeterName,
                        _options.MaxSeriesPerInstrument,
                        InstrumentAggregator.OverflowLabel);
                }
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!_meters.Contains(meter.Name))
        {
            return;
        }

        // Meters made by an IMeterFactory belong to one host; another host in the same process (tests run
        // several) has its own meters of the same name, which are not ours to export.
        if (meter.Scope is not null && !ReferenceEquals(meter.Scope, _meterFactory))
        {
            return;
        }

        if (!TryClassify(instrument, out var kind) || InstrumentExport.For(instrument, ExportType(kind)) is not { } export)
        {
            return;
        }

        var bounds = kind == InstrumentKind.Histogram ? HistogramBuckets.For(instrument, export.Unit) : null;
        var aggregator = new InstrumentAggregator(kind, export, bounds, _options.MaxSeriesPerInstrument);
        _aggregators[instrument] = aggregator;
        listener.EnableMeasurementEvents(instrument, aggregator);
    }

    private static PrometheusMetricType ExportType(InstrumentKind kind) => kind switch
    {
        InstrumentKind.Counter or InstrumentKind.ObservableCounter => PrometheusMetricType.Counter,
        InstrumentKind.Histogram => PrometheusMetricType.Histogram,
        _ => PrometheusMetricType.Gauge,
    };

    private static bool TryClassify(Instrument instrument, out InstrumentKind kind)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : null;
        InstrumentKind? found = definition switch
        {
            _ when definition == typeof(Counter<>) => InstrumentKind.Counter,
            _ when definition == typeof(ObservableCounter<>) => InstrumentKind.ObservableCounter,
            _ when definition == typeof(UpDownCounter<>) => InstrumentKind.UpDownCounter,
            _ when definition == typeof(ObservableUpDownCounter<>) => InstrumentKind.ObservableUpDownCounter,
            _ when definition == typeof(Gauge<>) => InstrumentKind.Gauge,
            _ when definition == typeof(ObservableGauge<>) => InstrumentKind.ObservableGauge,
            _ when definition == typeof(Histogram<>) => InstrumentKind.Histogram,
            _ => null,
        };
        kind = found.GetValueOrDefault();
        return found.HasValue;
    }
}
