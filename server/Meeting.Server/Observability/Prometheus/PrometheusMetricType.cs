namespace Meeting.Server.Observability.Prometheus;

/// <summary>The metric types this exporter writes; the text format's <c># TYPE</c> word is the lower-case name.</summary>
internal enum PrometheusMetricType
{
    Counter,
    Gauge,
    Histogram,
}
