using System.Diagnostics.Metrics;
using System.Text;
using Meeting.Server.Observability;
using Prometheus;

namespace Meeting.Server.Tests.Observability;

public sealed class ExportedInstrumentTests
{
    [Fact]
    public async Task ObservableSeries_NotReportedAtTheNextScrape_IsNoLongerExported()
    {
        using var meter = new Meter("Test.Observable");
        var gauge = meter.CreateObservableGauge("test.rooms", () => 0);
        var registry = Metrics.NewCustomRegistry();
        var exported = ExportedInstrument.For(gauge, new MetricExport("test_rooms", ExportType.Gauge), Metrics.WithCustomRegistry(registry), 10, out _)!;

        exported.BeginCollect(1);
        exported.Record(5, [new("site", "gra")]);
        exported.Record(6, [new("site", "sbg")]);
        exported.RetireUnreported();
        exported.BeginCollect(2);
        exported.Record(7, [new("site", "gra")]);
        exported.RetireUnreported();

        var text = await ExportAsync(registry);
        Assert.Contains("test_rooms{site=\"gra\"} 7", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sbg", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counter_WithTagsInAnotherOrder_AddsToTheSameSeries()
    {
        using var meter = new Meter("Test.Counter");
        var counter = meter.CreateCounter<long>("test.joins");
        var registry = Metrics.NewCustomRegistry();
        var exported = ExportedInstrument.For(counter, new MetricExport("test_joins_total", ExportType.Counter), Metrics.WithCustomRegistry(registry), 10, out _)!;

        exported.Record(1, [new("kind", "new"), new("site", "gra")]);
        exported.Record(2, [new("site", "gra"), new("kind", "new")]);

        var text = await ExportAsync(registry);
        Assert.Contains("# TYPE test_joins_total counter", text, StringComparison.Ordinal);
        Assert.Contains("test_joins_total{kind=\"new\",site=\"gra\"} 3", text, StringComparison.Ordinal);
    }

    [Fact]
    public void UpDownCounter_ListedAsACounter_IsRefused()
    {
        using var meter = new Meter("Test.UpDown");
        var upDown = meter.CreateUpDownCounter<long>("test.active");

        var exported = ExportedInstrument.For(upDown, new MetricExport("test_active_total", ExportType.Counter), Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()), 10, out var refusal);

        Assert.Null(exported);
        Assert.Contains("Counter", refusal, StringComparison.Ordinal);
    }

    private static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
