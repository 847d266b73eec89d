using Meeting.Server.Observability.Prometheus;

namespace Meeting.Server.Tests.Observability;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Write_EscapesBackslashAndNewlineInHelp_AndBackslashQuoteAndNewlineInLabelValues()
    {
        var family = new MetricFamily(
            "meeting_chat_messages_total",
            "Chat messages \\ \"delivered\"\nto rooms.",
            PrometheusMetricType.Counter,
            [new MetricPoint([new("path", "C:\\rooms"), new("text", "say \"hi\"\nbye")], 3)]);

        Assert.Equal(
            "# HELP meeting_chat_messages_total Chat messages \\\\ \"delivered\"\\nto rooms.\n"
            + "# TYPE meeting_chat_messages_total counter\n"
            + "meeting_chat_messages_total{path=\"C:\\\\rooms\",text=\"say \\\"hi\\\"\\nbye\"} 3\n",
            Write(family));
    }

    [Fact]
    public void Write_Histogram_WritesCumulativeBucketsThenInfThenSumAndCount()
    {
        var family = new MetricFamily(
            "http_server_request_duration_seconds",
            "Duration of HTTP server requests.",
            PrometheusMetricType.Histogram,
            [new MetricPoint([new("http_route", "/api/session")], 0, new HistogramValue([0.005, 0.01, 1], [1, 0, 2, 1], 2.5))]);

        Assert.Equal(
            "# HELP http_server_request_duration_seconds Duration of HTTP server requests.\n"
            + "# TYPE http_server_request_duration_seconds histogram\n"
            + "http_server_request_duration_seconds_bucket{http_route=\"/api/session\",le=\"0.005\"} 1\n"
            + "http_server_request_duration_seconds_bucket{http_route=\"/api/session\",le=\"0.01\"} 1\n"
            + "http_server_request_duration_seconds_bucket{http_route=\"/api/session\",le=\"1\"} 3\n"
            + "http_server_request_duration_seconds_bucket{http_route=\"/api/session\",le=\"+Inf\"} 4\n"
            + "http_server_request_duration_seconds_sum{http_route=\"/api/session\"} 2.5\n"
            + "http_server_request_duration_seconds_count{http_route=\"/api/session\"} 4\n",
            Write(family));
    }

    [Fact]
    public void Write_HistogramWithoutLabels_PutsOnlyLeInBraces()
    {
        var family = new MetricFamily("x_bytes", "Sizes.", PrometheusMetricType.Histogram, [new MetricPoint([], 0, new HistogramValue([10], [0, 0], 0))]);

        Assert.Equal(
            "# HELP x_bytes Sizes.\n"
            + "# TYPE x_bytes histogram\n"
            + "x_bytes_bucket{le=\"10\"} 0\n"
            + "x_bytes_bucket{le=\"+Inf\"} 0\n"
            + "x_bytes_sum 0\n"
            + "x_bytes_count 0\n",
            Write(family));
    }

    [Fact]
    public void Write_GaugeWithoutLabels_WritesBareName()
    {
        var family = MetricFamily.Single("meeting_connections", "Hub connections open on this server.", PrometheusMetricType.Gauge, 2);

        Assert.Equal(
            "# HELP meeting_connections Hub connections open on this server.\n"
            + "# TYPE meeting_connections gauge\n"
            + "meeting_connections 2\n",
            Write(family));
    }

    [Fact]
    public void Write_FamilyWithoutSeries_IsLeftOut()
    {
        var empty = new MetricFamily("meeting_joins_total", "Joins.", PrometheusMetricType.Counter, []);

        Assert.Equal(string.Empty, Write(empty));
    }

    [Theory]
    [InlineData(42d, "42")]
    [InlineData(0.1, "0.1")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatValue_WritesValuesPrometheusParses(double value, string expected)
        => Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));

    [Fact]
    public void FamilySet_ListsFamiliesByNameAndSeriesByLabels()
    {
        var set = new MetricFamilySet();
        set.TryAdd(new MetricFamily("b_total", "B.", PrometheusMetricType.Counter, [new MetricPoint([new("k", "2")], 1), new MetricPoint([new("k", "1")], 1)]));
        set.TryAdd(MetricFamily.Single("a", "A.", PrometheusMetricType.Gauge, 1));

        Assert.Equal(
            "# HELP a A.\n# TYPE a gauge\na 1\n"
            + "# HELP b_total B.\n# TYPE b_total counter\nb_total{k=\"1\"} 1\nb_total{k=\"2\"} 1\n",
            Write([.. set.ToList()]));
    }

    [Fact]
    public void FamilySet_SameNameAndType_MergesIntoOneFamilyAddingCounterSeriesWithEqualLabels()
    {
        var set = new MetricFamilySet();
        Assert.True(set.TryAdd(new MetricFamily("c_total", "First.", PrometheusMetricType.Counter, [new MetricPoint([new("k", "x")], 2)])));
        Assert.True(set.TryAdd(new MetricFamily("c_total", "Second.", PrometheusMetricType.Counter, [new MetricPoint([new("k", "x")], 3), new MetricPoint([new("k", "y")], 1)])));

        Assert.Equal(
            "# HELP c_total First.\n# TYPE c_total counter\nc_total{k=\"x\"} 5\nc_total{k=\"y\"} 1\n",
            Write([.. set.ToList()]));
    }

    [Fact]
    public void FamilySet_NameTakenByAnotherTypeOrByAHistogramsSamples_RejectsTheNewcomer()
    {
        var set = new MetricFamilySet();
        Assert.True(set.TryAdd(new MetricFamily("d", "Histogram.", PrometheusMetricType.Histogram, [new MetricPoint([], 0, new HistogramValue([1], [1, 0], 0.5))])));

        Assert.False(set.TryAdd(MetricFamily.Single("d", "Gauge.", PrometheusMetricType.Gauge, 1)));
        Assert.False(set.TryAdd(MetricFamily.Single("d_count", "Gauge.", PrometheusMetricType.Gauge, 1)));
        Assert.Single(set.ToList());
    }

    private static string Write(params MetricFamily[] families)
    {
        using var text = new StringWriter();
        PrometheusTextWriter.Write(text, families);
        return text.ToString();
    }
}
