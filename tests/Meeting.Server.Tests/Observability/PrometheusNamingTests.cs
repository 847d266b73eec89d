using Meeting.Server.Observability.Prometheus;

namespace Meeting.Server.Tests.Observability;

public sealed class PrometheusNamingTests
{
    [Theory]
    [InlineData("meeting.hub.invocations", "{invocation}", "Counter", "meeting_hub_invocations_total")]
    [InlineData("meeting.signal.size", "By", "Counter", "meeting_signal_size_bytes_total")]
    [InlineData("meeting.connections", "{connection}", "Gauge", "meeting_connections")]
    [InlineData("http.server.request.duration", "s", "Histogram", "http_server_request_duration_seconds")]
    [InlineData("process.cpu.seconds", "s", "Counter", "process_cpu_seconds_total")]
    [InlineData("requests.total", null, "Counter", "requests_total")]
    [InlineData("rtp.latency", "ms", "Gauge", "rtp_latency_seconds")]
    [InlineData("cache.size", "KiBy", "Gauge", "cache_size_bytes")]
    [InlineData("cpu.utilization", "1", "Gauge", "cpu_utilization_ratio")]
    [InlineData("udp.throughput", "By/s", "Gauge", "udp_throughput_bytes_per_second")]
    [InlineData("rtp.packet.rate", "{packet}/s", "Gauge", "rtp_packet_rate_per_second")]
    [InlineData("queue.count", "{item}", "Gauge", "queue_count_value")]
    [InlineData("sent.total", "{packet}", "Gauge", "sent_total_value")]
    [InlineData("kestrel.activeConnections", null, "Gauge", "kestrel_active_connections")]
    public void MetricName_FollowsPrometheusConventions(string instrument, string? unit, string type, string expected)
    {
        var metricType = Enum.Parse<PrometheusMetricType>(type);
        Assert.Equal(expected, PrometheusNaming.MetricName(instrument, PrometheusUnit.From(unit, metricType), metricType));
    }

    [Theory]
    [InlineData("a..b--c", "a_b_c")]
    [InlineData("9lives", "_9lives")]
    [InlineData("route:match", "route_match")]
    [InlineData("Ünïcode", "_n_code")]
    [InlineData("", "_")]
    public void Sanitize_ReplacesEverythingOutsideLowerSnakeCase(string text, string expected)
        => Assert.Equal(expected, PrometheusNaming.Sanitize(text));

    [Theory]
    [InlineData("gc.heap.generation", "gc_heap_generation")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("le", "_le")]
    [InlineData("quantile", "_quantile")]
    public void LabelName_SanitizesAndKeepsReservedNamesApart(string tag, string expected)
        => Assert.Equal(expected, PrometheusNaming.LabelName(tag));

    [Theory]
    [InlineData("ms", 250d, 0.25)]
    [InlineData("us", 1500d, 0.0015)]
    [InlineData("min", 2d, 120d)]
    [InlineData("KiBy", 2d, 2048d)]
    [InlineData("By/ms", 3d, 3000d)]
    [InlineData("By", 7d, 7d)]
    public void Unit_ConvertsValuesToTheBaseUnitOfItsSuffix(string unit, double value, double expected)
        => Assert.Equal(expected, PrometheusUnit.From(unit, PrometheusMetricType.Gauge).ToBase(value), 12);

    [Fact]
    public void Unit_FiveMilliseconds_IsExactlyTheDoubleNearestFiveThousandths()
        => Assert.Equal(0.005, PrometheusUnit.From("ms", PrometheusMetricType.Histogram).ToBase(5));
}
