using System.Diagnostics.Metrics;
using Meeting.Server.Observability;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Meeting.Server.Tests.Observability;

/// <summary>The name table: every instrument of ours is listed, and every listed name follows Prometheus' conventions for its type and unit.</summary>
public sealed class ExportedMetricsTests
{
    private static readonly string[] OwnMeters = [MeetingMetrics.MeterName, Meeting.Sfu.SfuMetrics.MeterName];

    [Fact]
    public void Names_EndInTotalExactlyWhenTheyAreCounters()
    {
        var rows = AllRows().ToList();

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal(row.Export.Type == ExportType.Counter, row.Export.Name.EndsWith("_total", StringComparison.Ordinal)));
        Assert.Equal(rows.Count, rows.Select(r => r.Export.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task EveryInstrumentOfOurMetersAndTheRuntime_IsListedAndExportableUnderAUnitSuffixedName()
    {
        await using var server = new MeetingServerFactory();
        _ = server.Services.GetRequiredService<MeetingMetrics>();
        var meterFactory = server.Services.GetRequiredService<IMeterFactory>();
        var published = PublishedInstruments(meterFactory);

        var ours = published.Where(i => OwnMeters.Contains(i.Meter.Name)).ToList();
        Assert.Contains(ours, i => i.Meter.Name == Meeting.Sfu.SfuMetrics.MeterName);
        Assert.All(ours, instrument => Assert.True(
            ExportedMetrics.Find(instrument.Meter.Name, instrument.Name) is not null,
            $"Instrument {instrument.Name} of meter {instrument.Meter.Name} has no row in ExportedMetrics."));

        // A runtime instrument renamed by a later .NET must not silently vanish from the scrape.
        var runtime = published.Where(i => i.Meter.Name == ExportedMetrics.RuntimeMeter).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(ExportedMetrics.Of(ExportedMetrics.RuntimeMeter).Keys, name => Assert.Contains(name, runtime));

        var factory = Metrics.WithCustomRegistry(Metrics.NewCustomRegistry());
        foreach (var instrument in published)
        {
            if (ExportedMetrics.Find(instrument.Meter.Name, instrument.Name) is not { } export)
            {
                continue;
            }

            Assert.True(ExportedInstrument.For(instrument, export, factory, 10, out var refusal) is not null, $"{export.Name}: {refusal}");
            var unit = instrument.Unit ?? string.Empty;
            Assert.True(
                (unit == "s") == export.Name.Contains("_seconds", StringComparison.Ordinal),
                $"{export.Name} and the unit '{unit}' of {instrument.Name} disagree on seconds.");
            Assert.True(
                unit != "By" || export.Name.Contains("bytes", StringComparison.Ordinal),
                $"{export.Name} does not say bytes although {instrument.Name} counts them.");
        }
    }

    private static IEnumerable<(string Meter, string Instrument, MetricExport Export)> AllRows()
        => ExportedMetrics.Meters.SelectMany(meter => ExportedMetrics.Of(meter).Select(row => (meter, row.Key, row.Value)));

    /// <summary>The instruments that exist now: this host's meters and the process-wide ones (the runtime's).</summary>
    private static List<Instrument> PublishedInstruments(IMeterFactory meterFactory)
    {
        var found = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    found.Add(instrument);
                }
            },
        };
        listener.Start();
        return found;
    }
}
