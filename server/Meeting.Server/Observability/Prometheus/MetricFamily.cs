namespace Meeting.Server.Observability.Prometheus;

/// <summary>A metric family as the text format writes it: one <c># HELP</c>, one <c># TYPE</c>, its series.</summary>
internal sealed record MetricFamily(string Name, string Help, PrometheusMetricType Type, IReadOnlyList<MetricPoint> Points)
{
    /// <summary>A family of one series, for facts read directly at scrape time (process, build info).</summary>
    public static MetricFamily Single(string name, string help, PrometheusMetricType type, double value, params KeyValuePair<string, string>[] labels)
        => new(name, help, type, [new MetricPoint(labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToArray(), value)]);
}
