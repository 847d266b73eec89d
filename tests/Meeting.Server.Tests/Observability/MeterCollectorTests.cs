using System.Diagnostics.Metrics;
using Meeting.Server.Observability.Prometheus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Tests.Observability;

public sealed class MeterCollectorTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _meterName = "Meeting.Tests." + Guid.NewGuid().ToString("N");
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meterFactory;
    private readonly Meter _meter;

    public MeterCollectorTests()
    {
        _meterFactory = _services.GetRequiredService<IMeterFactory>();
        _meter = _meterFactory.Create(_meterName);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Counter_WithTags_ExportsOneTotalSeriesPerTagSet()
    {
        using var collector = await StartAsync();
        var counter = _meter.CreateCounter<long>("meeting.hub.invocations", "{invocation}", "Hub method calls received, by method.");
        counter.Add(1, new KeyValuePair<string, object?>("method", "Join"));
        counter.Add(1, new KeyValuePair<string, object?>("method", "Join"));
        counter.Add(1, new KeyValuePair<string, object?>("method", "Chat"));

        Assert.Equal(
            "# HELP meeting_hub_invocations_total Hub method calls received, by method.\n"
            + "# TYPE meeting_hub_invocations_total counter\n"
            + "meeting_hub_invocations_total{method=\"Chat\"} 1\n"
            + "meeting_hub_invocations_total{method=\"Join\"} 2\n",
            Scrape(collector));
    }

    [Fact]
    public async Task Counter_SameTagsInAnotherOrder_CountInOneSeries()
    {
        using var collector = await StartAsync();
        var counter = _meter.CreateCounter<long>("c", null, "C.");
        counter.Add(1, new("a", "1"), new("b", 2));
        counter.Add(2, new("b", 2), new("a", "1"));

        Assert.Contains("c_total{a=\"1\",b=\"2\"} 3\n", Scrape(collector), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counter_NegativeIncrement_IsIgnored()
    {
        using var collector = await StartAsync();
        var counter = _meter.CreateCounter<double>("c", null, "C.");
        counter.Add(1.5);
        counter.Add(-1);

        Assert.Contains("c_total 1.5\n", Scrape(collector), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counter_InBytes_GetsBytesSuffixBeforeTotal()
    {
        using var collector = await StartAsync();
        _meter.CreateCounter<long>("meeting.signal.size", "By", "Bytes.").Add(42);

        Assert.Contains("meeting_signal_size_bytes_total 42\n", Scrape(collector), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpDownCounterAndGauge_ExportAsGauges_SumAndLastValue()
    {
        using var collector = await StartAsync();
        var upDown = _meter.CreateUpDownCounter<int>("queued", "{item}", "Queued.");
        upDown.Add(5);
        upDown.Add(-2);
        var gauge = _meter.CreateGauge<double>("temperature", "Cel", "Temperature.");
        gauge.Record(20.5);
        gauge.Record(21);

        var text = Scrape(collector);
        Assert.Contains("# TYPE queued gauge\nqueued 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE temperature_celsius gauge\ntemperature_celsius 21\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObservableGauge_IsReadAtScrapeTime_AndSeriesItStopsReportingDisappear()
    {
        using var collector = await StartAsync();
        var rooms = new List<Measurement<int>> { new(3, new KeyValuePair<string, object?>("site", "gra")), new(1, new KeyValuePair<string, object?>("site", "sbg")) };
        _meter.CreateObservableGauge("rooms", () => rooms.ToArray(), "{room}", "Rooms.");

        Assert.Contains("rooms{site=\"gra\"} 3\nrooms{site=\"sbg\"} 1\n", Scrape(collector), StringComparison.Ordinal);

        rooms = [new(4, new KeyValuePair<string, object?>("site", "gra"))];
        var second = Scrape(collector);
        Assert.Contains("rooms{site=\"gra\"} 4\n", second, StringComparison.Ordinal);
        Assert.DoesNotContain("sbg", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObservableCounter_ReportsItsRunningTotal_NotASumOfScrapes()
    {
        using var collector = await StartAsync();
        var total = 10L;
        _meter.CreateObservableCounter("work.done", () => total, "{item}", "Done.");

        Scrape(collector);
        total = 12;

        Assert.Contains("work_done_total 12\n", Scrape(collector), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Histogram_UsesAdviceBuckets_ConvertedFromMillisecondsToSeconds()
    {
        using var collector = await StartAsync();
        var histogram = _meter.CreateHistogram<double>("rtp.delay", "ms", "Delay.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10] });
        histogram.Record(3);
        histogram.Record(5);
        histogram.Record(7);
        histogram.Record(20);

        Assert.Equal(
            "# HELP rtp_delay_seconds Delay.\n"
            + "# TYPE rtp_delay_seconds histogram\n"
            + "rtp_delay_seconds_bucket{le=\"0.005\"} 2\n"
            + "rtp_delay_seconds_bucket{le=\"0.01\"} 3\n"
            + "rtp_delay_seconds_bucket{le=\"+Inf\"} 4\n"
            + "rtp_delay_seconds_sum 0.035\n"
            + "rtp_delay_seconds_count 4\n",
            Scrape(collector));
    }

    [Fact]
    public async Task Histogram_InSecondsWithoutAdvice_UsesPrometheusDefaultBuckets()
    {
        using var collector = await StartAsync();
        _meter.CreateHistogram<double>("call.duration", "s", "Calls.").Record(0.2);

        var scrape = new ScrapedMetrics(Scrape(collector));
        var bounds = scrape.SampleKeys.Where(k => k.StartsWith("call_duration_seconds_bucket", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"],
            bounds.Select(k => k[(k.IndexOf("le=\"", StringComparison.Ordinal) + 4)..^2]));
        Assert.Equal(0, scrape["call_duration_seconds_bucket{le=\"0.1\"}"]);
        Assert.Equal(1, scrape["call_duration_seconds_bucket{le=\"0.25\"}"]);
    }

    [Fact]
    public async Task Meter_NotInTheAllowList_IsNotExported()
    {
        using var collector = await StartAsync();
        using var other = new Meter(_meterName + ".other");
        other.CreateCounter<long>("elsewhere", null, "Elsewhere.").Add(1);

        Assert.Equal(string.Empty, Scrape(collector));
    }

    [Fact]
    public async Task Meter_OfAnotherHostsMeterFactory_IsNotExported()
    {
        using var collector = await StartAsync();
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var foreign = otherHost.GetRequiredService<IMeterFactory>().Create(_meterName);
        foreign.CreateCounter<long>("c", null, "C.").Add(5);
        _meter.CreateCounter<long>("c", null, "C.").Add(1);

        Assert.Contains("c_total 1\n", Scrape(collector), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meter_Disposed_StopsBeingExported()
    {
        using var collector = await StartAsync();
        var meter = new Meter(_meterName);
        meter.CreateCounter<long>("c", null, "C.").Add(1);
        Assert.NotEqual(string.Empty, Scrape(collector));

        meter.Dispose();

        Assert.Equal(string.Empty, Scrape(collector));
    }

    [Fact]
    public async Task Series_BeyondTheLimit_AreCountedInOneOverflowSeries()
    {
        using var collector = await StartAsync(maxSeries: 2);
        var counter = _meter.CreateCounter<long>("c", null, "C.");
        counter.Add(1, new KeyValuePair<string, object?>("peer", "a"));
        counter.Add(1, new KeyValuePair<string, object?>("peer", "b"));
        counter.Add(1, new KeyValuePair<string, object?>("peer", "c"));
        counter.Add(1, new KeyValuePair<string, object?>("peer", "d"));

        var scrape = new ScrapedMetrics(Scrape(collector));
        Assert.Equal(1, scrape["c_total{peer=\"a\"}"]);
        Assert.Equal(1, scrape["c_total{peer=\"b\"}"]);
        Assert.Equal(2, scrape["c_total{otel_metric_overflow=\"true\"}"]);
    }

    [Fact]
    public async Task Counter_RecordedFromManyThreadsWhileScraping_LosesNothingAndNeverGoesBack()
    {
        using var collector = await StartAsync();
        var counter = _meter.CreateCounter<long>("calls", null, "Calls.");
        var histogram = _meter.CreateHistogram<double>("sizes", "By", "Sizes.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 100] });
        const int threads = 4;
        const int perThread = 200_000;
        string[] methods = ["Join", "Chat", "Signal"];
        using var done = new CancellationTokenSource();

        var scraper = Task.Run(() =>
        {
            var last = 0d;
            while (!done.IsCancellationRequested)
            {
                var scrape = new ScrapedMetrics(Scrape(collector));
                var total = methods.Sum(m => scrape.Has($"calls_total{{method=\"{m}\"}}") ? scrape[$"calls_total{{method=\"{m}\"}}"] : 0);
                Assert.True(total >= last, $"The total went back from {last} to {total}.");
                if (scrape.Has("sizes_bytes_count"))
                {
                    Assert.Equal(scrape["sizes_bytes_count"], scrape["sizes_bytes_bucket{le=\"+Inf\"}"]);
                }

                last = total;
            }
        });
        var writers = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("method", methods[i % methods.Length]));
                histogram.Record(i % 200);
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(Timeout);
        await done.CancelAsync();
        await scraper.WaitAsync(Timeout);

        var final = new ScrapedMetrics(Scrape(collector));
        Assert.Equal(threads * perThread, methods.Sum(m => final[$"calls_total{{method=\"{m}\"}}"]));
        Assert.Equal(threads * perThread, final["sizes_bytes_count"]);
    }

    [Fact]
    public async Task Counter_RecordingIntoAnExistingSeries_AllocatesNothing()
    {
        using var collector = await StartAsync();
        var counter = _meter.CreateCounter<long>("calls", null, "Calls.");
        var tag = new KeyValuePair<string, object?>("method", "Join");
        for (var i = 0; i < 1_000; i++)
        {
            counter.Add(1, tag);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            counter.Add(1, tag);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Anything per measurement would be at least 2.4 MB here; allow a stray one-off allocation.
        Assert.True(allocated < 1_024, $"Recording 100,000 measurements allocated {allocated} bytes.");
    }

    private async Task<MeterCollector> StartAsync(int maxSeries = 2_000)
    {
        var options = Options.Create(new PrometheusMetricsOptions { Meters = [_meterName], MaxSeriesPerInstrument = maxSeries });
        var collector = new MeterCollector(_meterFactory, options, NullLogger<MeterCollector>.Instance);
        await collector.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        return collector;
    }

    private static string Scrape(MeterCollector collector)
    {
        var families = new MetricFamilySet();
        collector.CollectInto(families);
        using var text = new StringWriter();
        PrometheusTextWriter.Write(text, families.ToList());
        return text.ToString();
    }
}
