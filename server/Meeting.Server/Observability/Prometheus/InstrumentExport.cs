using System.Diagnostics.Metrics;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>What one instrument is called in Prometheus, decided once when the instrument is published.</summary>
internal sealed record InstrumentExport(string MeterName, string Name, string Help, PrometheusMetricType Type, PrometheusUnit Unit)
{
    /// <summary>The export of <paramref name="instrument"/>, or null when it is deliberately not exported.</summary>
    public static InstrumentExport? For(Instrument instrument, PrometheusMetricType naturalType)
    {
        var meterName = instrument.Meter.Name;
        var overridden = RuntimeMetricOverrides.Find(meterName, instrument.Name);
        if (overridden is { Name: null })
        {
            return null;
        }

        var type = overridden?.Type ?? naturalType;
        var unit = PrometheusUnit.From(instrument.Unit, type);
        var name = overridden?.Name ?? PrometheusNaming.MetricName(instrument.Name, unit, type);
        var help = overridden?.Help
            ?? (string.IsNullOrWhiteSpace(instrument.Description) ? $"{instrument.Name} from the {meterName} meter." : instrument.Description);
        return new InstrumentExport(meterName, name, help, type, unit);
    }

    public string LabelName(string tagName)
        => RuntimeMetricOverrides.LabelName(MeterName, tagName) ?? PrometheusNaming.LabelName(tagName);
}
