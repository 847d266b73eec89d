using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Meeting.Server.Observability;

/// <summary>
/// Feeds the <see cref="ExportedMetrics"/> instruments into the host's prometheus-net registry under their
/// listed names. prometheus-net's own meter adapter cannot do this: it names every metric
/// <c>{meter}_{instrument}</c> with no hook to name it otherwise, and exports counters as gauges.
/// Observable instruments are read when prometheus-net collects, just before it writes a scrape.
/// Listening starts with the host, so that counts made before the first scrape are not lost, and goes on
/// while the host drains, so that a last scrape still sees the final counts.
/// </summary>
internal sealed class MeterBridge : IHostedService, IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, ExportedInstrument> _exported = new();
    private readonly Lock _collect = new();
    private readonly CollectorRegistry _registry;
    private readonly IMetricFactory _factory;
    private readonly IMeterFactory _meterFactory;
    private readonly MetricsOptions _options;
    private readonly ILogger<MeterBridge> _logger;
    private readonly HashSet<string> _overflowReported = new(StringComparer.Ordinal);
    private long _collection;
    private bool _disposed;

    /// <param name="process">Taken so that the process facts are registered before the first scrape.</param>
    /// <param name="metrics">Taken so that the service's instruments exist from the first scrape:
    /// <c>meeting_connections</c> then reads 0 before any hub call instead of being absent.</param>
    public MeterBridge(
        CollectorRegistry registry,
        IMeterFactory meterFactory,
        IOptions<MetricsOptions> options,
        ILogger<MeterBridge> logger,
        ProcessMetrics process,
        MeetingMetrics metrics)
    {
        _ = (process, metrics);
        _registry = registry;
        _factory = Metrics.WithCustomRegistry(registry);
        _meterFactory = meterFactory;
        _options = options.Value;
        _logger = logger;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = OnMeasurementsCompleted;
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((ExportedInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((ExportedInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((ExportedInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((ExportedInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((ExportedInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((ExportedInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((ExportedInstrument)state!).Record((double)value, tags));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            _registry.AddBeforeCollectCallback(Collect);
            _listener.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        lock (_collect)
        {
            _disposed = true;
            _listener.Dispose();
        }
    }

    /// <summary>Reads the observable instruments into their series; scrapes run it one at a time.</summary>
    private void Collect()
    {
        lock (_collect)
        {
            if (_disposed)
            {
                return;
            }

            var collection = ++_collection;
            var observable = _exported.Values.Where(e => e.Instrument.IsObservable).ToArray();
            foreach (var instrument in observable)
            {
                instrument.BeginCollect(collection);
            }

            _listener.RecordObservableInstruments();
            foreach (var instrument in observable)
            {
                instrument.RetireUnreported();
            }

            foreach (var instrument in _exported.Values)
            {
                if (instrument.Table.Overflowed && _overflowReported.Add(instrument.Name))
                {
                    _logger.LogWarning("Metric {Metric} reached {MaxSeries} series; further tag sets are not exported", instrument.Name, _options.MaxSeriesPerMetric);
                }
            }
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;

        // Meters made by an IMeterFactory belong to one host; another host in the same process (tests run
        // several) has its own meters of the same name, which are not ours to export.
        if ((meter.Scope is not null && !ReferenceEquals(meter.Scope, _meterFactory))
            || ExportedMetrics.Find(meter.Name, instrument.Name) is not { } export)
        {
            return;
        }

        if (ExportedInstrument.For(instrument, export, _factory, _options.MaxSeriesPerMetric, out var refusal) is not { } exported)
        {
            _logger.LogWarning("Instrument {Instrument} of meter {Meter} is not exported as {Metric}: {Refusal}", instrument.Name, meter.Name, export.Name, refusal);
            return;
        }

        _exported[instrument] = exported;
        listener.EnableMeasurementEvents(instrument, exported);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (_exported.TryRemove(instrument, out var exported))
        {
            exported.RemoveAll();
        }
    }
}
