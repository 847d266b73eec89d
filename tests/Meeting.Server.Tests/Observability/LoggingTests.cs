using System.Net.Http.Json;
using Meeting.Server.Observability;
using Meeting.Testing;
using Meeting.Testing.Hub;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Meeting.Server.Tests.Observability;

/// <summary>The real server's log pipeline, read through a sink registered in its container.</summary>
public sealed class LoggingTests
{
    private const string RequestLogger = "Serilog.AspNetCore.RequestLoggingMiddleware";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RequestLog_OneEventPerRequestWithSiteAndStatus_ProbesAndScrapesOnlyAtDebug()
    {
        var sink = new CollectingSink();
        await using var server = WithSink(new MeetingServerFactory().With("Serilog:MinimumLevel", "Information").With("Meeting:Site:Name", "gra"), sink);
        using var http = server.CreateClient();

        (await http.GetAsync(new Uri("/health/ready", UriKind.Relative)).WaitAsync(Timeout)).EnsureSuccessStatusCode();
        (await http.GetAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(Timeout)).EnsureSuccessStatusCode();
        (await http.GetAsync(new Uri("/api/stats", UriKind.Relative)).WaitAsync(Timeout)).EnsureSuccessStatusCode();

        var requests = sink.Events.Where(e => Source(e) == RequestLogger).ToArray();
        var stats = Assert.Single(requests);
        Assert.Equal(LogEventLevel.Information, stats.Level);
        Assert.Equal("\"/api/stats\"", stats.Properties["RequestPath"].ToString());
        Assert.Equal("200", stats.Properties["StatusCode"].ToString());
        Assert.All(sink.Events, e => Assert.Equal("\"gra\"", e.Properties["Site"].ToString()));
    }

    [Fact]
    public async Task RefusedHubCall_IsNotLoggedAsAServerError_AndEveryEventCarriesTheSite()
    {
        var sink = new CollectingSink();
        await using var server = WithSink(new MeetingServerFactory().With("Serilog:MinimumLevel", "Verbose"), sink);
        await using var client = await ConnectAsync(server).WaitAsync(Timeout);

        var refused = await Assert.ThrowsAsync<HubCallException>(() => client.JoinAsync("Not A Room!", "Alice"));

        Assert.Equal("invalid_room", refused.Code);
        Assert.NotEmpty(sink.Events);
        Assert.DoesNotContain(sink.Events, e => e.Level >= LogEventLevel.Error);
        Assert.DoesNotContain(sink.Events, e => e.Exception is Meeting.Server.Hubs.MeetingHubException);
        Assert.All(sink.Events, e => Assert.Equal("\"test\"", e.Properties["Site"].ToString()));
    }

    [Fact]
    public async Task HubWebSocket_IsLoggedOnceWhenItsConnectionEnds_NotBySerilogsMiddleware()
    {
        var sink = new CollectingSink();
        await using var server = WithSink(new MeetingServerFactory().With("Serilog:MinimumLevel", "Information"), sink);
        await using (var client = await ConnectAsync(server).WaitAsync(Timeout))
        {
            await client.JoinAsync(TestRooms.Unique(), "Alice").WaitAsync(Timeout);
            Assert.DoesNotContain(sink.Events, e => IsHubRequest(e));
        }

        var deadline = DateTime.UtcNow + Timeout;
        while (!sink.Events.Any(IsHubRequest) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var logged = Assert.Single(sink.Events, IsHubRequest);
        Assert.Equal(typeof(RequestLogging).FullName, Source(logged));
        Assert.Equal(LogEventLevel.Information, logged.Level);
        Assert.Equal("\"GET\"", logged.Properties["RequestMethod"].ToString());
        Assert.True(logged.Properties.ContainsKey("Elapsed"));
        Assert.DoesNotContain(sink.Events, e => Source(e) == RequestLogger && e.Properties["RequestPath"].ToString() == "\"/hubs/meeting\"");

        static bool IsHubRequest(LogEvent e)
            => e.Properties.TryGetValue("RequestPath", out var path) && path.ToString() == "\"/hubs/meeting\"" && e.Properties.ContainsKey("StatusCode");
    }

    [Theory]
    [InlineData("/health/live", 200, LogEventLevel.Debug)]
    [InlineData("/health", 200, LogEventLevel.Debug)]
    [InlineData("/metrics", 200, LogEventLevel.Debug)]
    [InlineData("/health/ready", 503, LogEventLevel.Error)]
    [InlineData("/healthy-looking", 200, LogEventLevel.Information)]
    [InlineData("/api/session", 200, LogEventLevel.Information)]
    [InlineData("/api/session", 429, LogEventLevel.Information)]
    [InlineData("/hubs/meeting", 500, LogEventLevel.Error)]
    public void RequestLevel_DependsOnPathAndStatus(string path, int status, LogEventLevel expected)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Path = path;
        context.Response.StatusCode = status;

        Assert.Equal(expected, RequestLogging.Level(context, 1, null));
    }

    [Fact]
    public void RequestLevel_OfARequestItsClientAbandoned_IsNotAnError()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestAborted = new CancellationToken(canceled: true) };
        context.Request.Path = "/health/ready";

        Assert.Equal(LogEventLevel.Information, RequestLogging.Level(context, 1, new TaskCanceledException()));
        Assert.Equal(LogEventLevel.Error, RequestLogging.Level(new Microsoft.AspNetCore.Http.DefaultHttpContext(), 1, new TaskCanceledException()));
    }

    [Fact]
    public void RequestLevel_WithException_IsError()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Path = "/metrics";

        Assert.Equal(LogEventLevel.Error, RequestLogging.Level(context, 1, new InvalidOperationException("scrape failed")));
    }

    [Fact]
    public void JsonFormat_WritesCompactJsonWithRenderedMessageAndSite()
    {
        var text = Format("json");

        using var json = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal("Peer \"p1\" joined", json.RootElement.GetProperty("@m").GetString());
        Assert.Equal("Warning", json.RootElement.GetProperty("@l").GetString());
        Assert.Equal("gra", json.RootElement.GetProperty("Site").GetString());
        Assert.Equal("p1", json.RootElement.GetProperty("PeerId").GetString());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainFormat_WritesOneLineWithLevelSiteAndMessage()
    {
        var text = Format(" Plain ");

        Assert.Matches(@"^\[\d\d:\d\d:\d\d\.\d{3} WRN\] \[gra\] Peer p1 joined\r?\n$", text);
    }

    [Fact]
    public void UnknownFormat_IsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SerilogSetup.Formatter("xml"));

        Assert.Contains("Meeting:Logging:Format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoggerFactory_HandsOutOneLoggerPerCategory_ThatStillWritesToTheSinks()
    {
        var sink = new CollectingSink();
        await using var server = WithSink(new MeetingServerFactory().With("Serilog:MinimumLevel", "Information"), sink);
        var factory = server.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();

        var first = factory.CreateLogger("Meeting.Tests.Category");
        Assert.Same(first, factory.CreateLogger("Meeting.Tests.Category"));
        Assert.NotSame(first, factory.CreateLogger("Meeting.Tests.Other"));

        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(first, "Cached {Value}", 42);
        var logged = Assert.Single(sink.Events, e => Source(e) == "Meeting.Tests.Category");
        Assert.Equal("42", logged.Properties["Value"].ToString());
    }

    [Fact]
    public async Task HubDispatchersLogger_SaysCriticalIsOff_SoNoActivityPerCall_AndKeepsItsOtherLevels()
    {
        var sink = new CollectingSink();
        await using var server = WithSink(new MeetingServerFactory().With("Serilog:MinimumLevel", "Information"), sink);
        var factory = server.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();

        var dispatcher = factory.CreateLogger(HubCallActivities.DispatcherCategory);
        var other = factory.CreateLogger("Microsoft.AspNetCore.SignalR.HubConnectionHandler");

        Assert.False(dispatcher.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Critical));
        Assert.True(dispatcher.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Error));
        Assert.False(dispatcher.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug));
        Assert.True(other.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Critical));
        Microsoft.Extensions.Logging.LoggerExtensions.LogError(dispatcher, "Dispatcher {Value}", 7);
        Assert.Single(sink.Events, e => Source(e) == HubCallActivities.DispatcherCategory && e.Properties["Value"].ToString() == "7");
    }

    private static string Format(string format)
    {
        var logEvent = new LogEvent(
            DateTimeOffset.UnixEpoch,
            LogEventLevel.Warning,
            null,
            new Serilog.Parsing.MessageTemplateParser().Parse("Peer {PeerId} joined"),
            [new LogEventProperty("PeerId", new ScalarValue("p1")), new LogEventProperty("Site", new ScalarValue("gra"))]);
        using var text = new StringWriter();
        SerilogSetup.Formatter(format).Format(logEvent, text);
        return text.ToString();
    }

    private static WebApplicationFactory<Program> WithSink(MeetingServerFactory server, ILogEventSink sink)
        => server.WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton(sink)));

    private static string? Source(LogEvent logEvent)
        => logEvent.Properties.TryGetValue("SourceContext", out var source) ? (source as ScalarValue)?.Value as string : null;

    private static async Task<MeetingHubClient> ConnectAsync(WebApplicationFactory<Program> server)
    {
        using var http = server.CreateClient();
        var response = await http.PostAsync(new Uri("/api/session", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<SessionInfo>();
        return await MeetingHubClient.ConnectAsync(new MeetingHubClientOptions(new Uri(server.Server.BaseAddress, "hubs/meeting"))
        {
            AccessToken = session!.Token,
            OpenWebSocket = (url, ct) => server.Server.CreateWebSocketClient().ConnectAsync(url, ct),
        });
    }
}
