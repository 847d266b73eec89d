using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Meeting.Server.Observability;

/// <summary>
/// Runs prometheus-net's meter adapter for this host: the configured meters' instruments become metrics
/// of the app's own <see cref="CollectorRegistry"/>, which <c>/metrics</c> serves. Listening starts with
/// the host, so that counts made before the first scrape are not lost, and goes on while the host drains,
/// so that a last scrape still sees the final counts.
/// </summary>
internal sealed class MeterExport : IHostedService, IDisposable
{
    private readonly CollectorRegistry _registry;
    private readonly IMeterFactory _meterFactory;
    private readonly MetricsOptions _options;
    private readonly HashSet<string> _meters;
    private IDisposable? _adapter;

    /// <param name="process">Taken so that the process facts are registered before the first scrape.</param>
    /// <param name="metrics">Taken so that the service's instruments exist from the first scrape:
    /// <c>meeting_connections</c> and its kind then read 0 before any hub call instead of being absent.</param>
    /// <param name="counts">Taken for the same reason as <paramref name="metrics"/>.</param>
    public MeterExport(
        CollectorRegistry registry,
        IMeterFactory meterFactory,
        IOptions<MetricsOptions> options,
        ProcessMetrics process,
        MeetingMetrics metrics,
        RuntimeCountMetrics counts)
    {
        _ = (process, metrics, counts);
        _registry = registry;
        _meterFactory = meterFactory;
        _options = options.Value;
        _meters = new HashSet<string>(_options.Meters.Length > 0 ? _options.Meters : MetricsOptions.DefaultMeters, StringComparer.Ordinal);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
            {
                Registry = _registry,

                // The options' default factory writes to prometheus-net's static default registry, not ours.
                MetricFactory = Metrics.WithCustomRegistry(_registry),
                InstrumentFilterPredicate = IsExported,
                ResolveHistogramBuckets = HistogramBuckets.For,
                MetricsExpireAfter = _options.SeriesExpireAfter,
            });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _adapter?.Dispose();

    private bool IsExported(Instrument instrument)
    {
        var meter = instrument.Meter;

        // Meters made by an IMeterFactory belong to one host; another host in the same process (tests run
        // several) has its own meters of the same name, which are not ours to export.
        return _meters.Contains(meter.Name)
            && (meter.Scope is null || ReferenceEquals(meter.Scope, _meterFactory))
            && !RuntimeCountMetrics.IsReplaced(instrument);
    }
}
