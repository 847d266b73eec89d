using System.Globalization;
using Meeting.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>One scrape: build info, process facts and the listened meters, as Prometheus text.</summary>
internal sealed class PrometheusExporter
{
    private readonly MeterCollector _meters;
    private readonly ProcessMetrics _process;
    private readonly ServiceInfo _service;
    private readonly SiteOptions _site;

    /// <param name="metrics">Taken only so that the service's instruments exist from the first scrape:
    /// <c>meeting_connections</c> and its kind then read 0 before any hub call instead of being absent.</param>
    public PrometheusExporter(MeterCollector meters, ProcessMetrics process, ServiceInfo service, IOptions<SiteOptions> site, MeetingMetrics metrics)
    {
        _ = metrics;
        _meters = meters;
        _process = process;
        _service = service;
        _site = site.Value;
    }

    public string Scrape()
    {
        // Families added first win a name clash, so the service's own facts come before the meters'.
        var families = new MetricFamilySet();
        families.TryAdd(MetricFamily.Single(
            "meeting_build_info",
            "Always 1; the labels say which build runs at which site.",
            PrometheusMetricType.Gauge,
            1,
            new("version", _service.Version),
            new("site", _site.Name)));
        _process.CollectInto(families);
        _meters.CollectInto(families);

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        PrometheusTextWriter.Write(text, families.ToList());
        return text.ToString();
    }
}
