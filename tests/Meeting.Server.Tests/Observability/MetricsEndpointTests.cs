using Meeting.Testing;

namespace Meeting.Server.Tests.Observability;

/// <summary>
/// <c>GET /metrics</c> of the real server. Each test starts its own server so that the counts it asserts
/// are its own; hosts in one process must not see each other's meters.
/// </summary>
public sealed class MetricsEndpointTests
{
    private static readonly TimeSpan Timeout = MetricsScrapeClient.Timeout;

    [Fact]
    public async Task Metrics_AfterHubTraffic_CountsInvocationsJoinsRejectionsAndLiveGauges()
    {
        await using var server = new MeetingServerFactory();
        var room = TestRooms.Unique();
        var (_, alice) = await server.ConnectNewClientAsync().WaitAsync(Timeout);
        var (bobSession, bob) = await server.ConnectNewClientAsync().WaitAsync(Timeout);
        await using (alice)
        {
            await using (bob)
            {
                await alice.JoinAsync(room, "Alice");
                await bob.JoinAsync(room, "Bob");
                await alice.ChatAsync("hello");
                await alice.SignalAsync(bobSession.PeerId, new { sdp = "v=0" });
                var refused = await Assert.ThrowsAsync<HubCallException>(() => bob.JoinAsync("Not A Room!", "Bob"));
                Assert.Equal("invalid_room", refused.Code);

                var scrape = await MetricsScrapeClient.ScrapeAsync(server);
                Assert.Equal(3, scrape["meeting_hub_invocations_total{method=\"Join\"}"]);
                Assert.Equal(1, scrape["meeting_hub_invocations_total{method=\"Chat\"}"]);
                Assert.Equal(1, scrape["meeting_hub_invocations_total{method=\"Signal\"}"]);
                Assert.Equal(1, scrape["meeting_hub_rejections_total{code=\"invalid_room\"}"]);
                Assert.Equal(2, scrape["meeting_joins_total{kind=\"new\"}"]);
                Assert.False(scrape.Has("meeting_joins_total{kind=\"rejoin\"}"));
                Assert.Equal(1, scrape["meeting_chat_messages_total"]);
                Assert.Equal("{\"sdp\":\"v=0\"}".Length, scrape["meeting_signal_size_bytes_total"]);
                Assert.Equal(2, scrape["meeting_connections"]);
                Assert.Equal("counter", scrape.Types["meeting_hub_invocations_total"]);
                Assert.Equal("counter", scrape.Types["meeting_signal_size_bytes_total"]);
                Assert.Equal("gauge", scrape.Types["meeting_connections"]);

                // Rooms and peers come from the roster snapshot, which the grace sweep refreshes: a
                // snapshot taken between the two joins may still be served, so wait for the full count.
                var counted = await MetricsScrapeClient.ScrapeUntilAsync(server, s => s["meeting_peers"] == 2);
                Assert.Equal(1, counted["meeting_rooms"]);
            }

            // Bob's connection is gone, but his place in the room is kept through the reconnect grace.
            var afterLeave = await MetricsScrapeClient.ScrapeUntilAsync(server, s => s["meeting_connections"] == 1);
            Assert.Equal(2, afterLeave["meeting_peers"]);
            Assert.Equal(1, afterLeave["meeting_rooms"]);
        }
    }

    [Fact]
    public async Task Metrics_BeforeAnyHubCall_ServesTextFormatWithProcessRuntimeAndBuildFamilies()
    {
        await using var server = new MeetingServerFactory();

        using var response = await MetricsScrapeClient.GetAsync(server);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var scrape = new ScrapedMetrics(await response.Content.ReadAsStringAsync().WaitAsync(Timeout));

        Assert.Equal(0, scrape["meeting_connections"]);
        Assert.Equal(0, scrape["meeting_rooms"]);
        Assert.Equal(0, scrape["meeting_peers"]);
        var buildInfo = Assert.Single(scrape.SampleKeys, k => k.StartsWith("meeting_build_info{", StringComparison.Ordinal));
        Assert.StartsWith("meeting_build_info{site=\"test\",version=\"0.1.0", buildInfo, StringComparison.Ordinal);
        Assert.Equal(1, scrape[buildInfo]);

        Assert.True(scrape["process_cpu_seconds_total"] > 0);
        Assert.True(scrape["process_resident_memory_bytes"] > 0);
        Assert.True(scrape["process_virtual_memory_bytes"] >= scrape["process_resident_memory_bytes"]);
        Assert.True(scrape["process_open_fds"] > 0);
        var started = DateTimeOffset.FromUnixTimeMilliseconds((long)(scrape["process_start_time_seconds"] * 1000));
        Assert.InRange(started, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow);
        Assert.Equal("counter", scrape.Types["process_cpu_seconds_total"]);

        Assert.True(scrape.Has("dotnet_gc_collections_total{generation=\"gen0\"}"));
        Assert.Equal("counter", scrape.Types["dotnet_gc_collections_total"]);
        Assert.True(scrape["dotnet_gc_allocated_bytes_total"] > 0);
        Assert.True(scrape["dotnet_threadpool_threads"] > 0);
        Assert.True(scrape["dotnet_assemblies"] > 0);
        Assert.Equal("gauge", scrape.Types["dotnet_threadpool_threads"]);

        // One fact, one name: the runtime meter's CPU time and working set are not exported beside process_*.
        Assert.DoesNotContain(scrape.Types.Keys, name => name.StartsWith("dotnet_process_cpu_time", StringComparison.Ordinal) || name.Contains("working_set", StringComparison.Ordinal));
        Assert.All(scrape.Types, family => Assert.Equal(family.Value == "counter", family.Key.EndsWith("_total", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Metrics_OfAnotherServerInTheSameProcess_AreNotCounted()
    {
        await using var busy = new MeetingServerFactory();
        await using var idle = new MeetingServerFactory();
        var (_, client) = await busy.ConnectNewClientAsync().WaitAsync(Timeout);
        await using (client)
        {
            await client.JoinAsync(TestRooms.Unique(), "Alice");

            var idleScrape = await MetricsScrapeClient.ScrapeAsync(idle);
            var busyScrape = await MetricsScrapeClient.ScrapeAsync(busy);
            Assert.Equal(1, busyScrape["meeting_connections"]);
            Assert.Equal(0, idleScrape["meeting_connections"]);
            Assert.False(idleScrape.Has("meeting_hub_invocations_total{method=\"Join\"}"));
        }
    }

    [Fact]
    public async Task Metrics_HttpRequestDuration_UsesTheBucketsAspNetCoreAdvises()
    {
        await using var server = new MeetingServerFactory();
        using (var health = await MetricsScrapeClient.GetAsync(server, "/health/live"))
        {
            health.EnsureSuccessStatusCode();
        }

        var scrape = await MetricsScrapeClient.ScrapeAsync(server);

        const string family = "http_server_request_duration_seconds";
        Assert.Equal("histogram", scrape.Types[family]);
        var bounds = scrape.SampleKeys
            .Where(k => k.StartsWith(family + "_bucket{", StringComparison.Ordinal) && k.Contains("http_route=\"/health/live\"", StringComparison.Ordinal))
            .Select(k => k[(k.IndexOf("le=\"", StringComparison.Ordinal) + 4)..^2]);
        Assert.Equal(["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"], bounds);
    }

    [Fact]
    public async Task Metrics_AskedForOpenMetrics_DeclaresCountersWithoutTotalAndWritesTheirSamplesWithIt()
    {
        await using var server = new MeetingServerFactory();
        var (_, client) = await server.ConnectNewClientAsync().WaitAsync(Timeout);
        await using (client)
        {
            await client.JoinAsync(TestRooms.Unique(), "Alice");
        }

        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");
        using var response = await http.SendAsync(request).WaitAsync(Timeout);
        var scrape = new ScrapedMetrics(await response.Content.ReadAsStringAsync().WaitAsync(Timeout));

        Assert.StartsWith("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal("counter", scrape.Types["meeting_joins"]);
        Assert.Equal(1, scrape["meeting_joins_total{kind=\"new\"}"]);
        Assert.EndsWith("# EOF\n", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WhenDisabled_IsNotServed()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Metrics:Enabled", "false");

        using var response = await MetricsScrapeClient.GetAsync(server);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
