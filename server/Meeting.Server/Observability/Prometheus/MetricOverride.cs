namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// How one instrument is exported when the generic naming rules would not give the name dashboards expect.
/// A null <see cref="Name"/> drops the instrument because another exporter already reports the same fact.
/// </summary>
internal sealed record MetricOverride(string? Name, PrometheusMetricType? Type = null, string? Help = null);
