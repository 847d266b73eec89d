using System.Net;
using System.Net.Http.Json;
using Meeting.Testing;
using Meeting.Testing.Hub;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meeting.Server.Tests.Security;

/// <summary>A page from another origin (another port of the same host, or another site) carries the victim's
/// SameSite=Lax cookie to the service; the Origin allow-list keeps it from using it.</summary>
public sealed class OriginTests : IClassFixture<MeetingServerFactory>
{
    // The test host's own origin.
    private const string OwnOrigin = "http://localhost";

    private readonly MeetingServerFactory _server;

    public OriginTests(MeetingServerFactory server) => _server = server;

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost:8081")]
    [InlineData("https://localhost")]
    [InlineData("null")]
    public async Task SessionPost_FromAForeignOrigin_Is403WithAReason(string origin)
    {
        using var http = _server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var response = await http.SendAsync(WithOrigin(HttpMethod.Post, "/api/session", origin));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("forbidden_origin: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SessionDelete_FromAForeignOrigin_IsRefusedAndTheSessionLives()
    {
        var victim = await _server.CreateSessionAsync();
        using var http = _server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var request = WithOrigin(HttpMethod.Delete, "/api/session", "http://localhost:8081");
        request.Headers.Add("Cookie", "meeting.sid=" + victim.Token);
        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var client = await _server.ConnectClientAsync(victim.Token);
        await client.JoinAsync(TestRooms.Unique(), "Victim");
    }

    [Fact]
    public async Task Negotiate_FromAnotherPortWithTheVictimsCookie_Is403()
    {
        var victim = await _server.CreateSessionAsync();
        using var http = _server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var request = WithOrigin(HttpMethod.Post, "/hubs/meeting/negotiate?negotiateVersion=1", "http://localhost:8081");
        request.Headers.Add("Cookie", "meeting.sid=" + victim.Token);
        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task WebSocket_WithAForeignOrigin_IsRefusedBeforeTheUpgrade()
    {
        var victim = await _server.CreateSessionAsync();
        var socket = _server.Server.CreateWebSocketClient();
        socket.ConfigureRequest = request => request.Headers.Origin = "http://evil.example";
        var url = new UriBuilder(HubProtocolClient.WithToken(new Uri(_server.Server.BaseAddress, "hubs/meeting"), victim.Token)) { Scheme = "ws" }.Uri;

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => socket.ConnectAsync(url, CancellationToken.None));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameOrigin_AndNoOrigin_AreServed()
    {
        using var http = _server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var page = await http.SendAsync(WithOrigin(HttpMethod.Post, "/api/session", OwnOrigin));
        var script = await http.PostAsync(new Uri("/api/session", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        var session = await script.Content.ReadFromJsonAsync<SessionInfo>();
        var socket = _server.Server.CreateWebSocketClient();
        socket.ConfigureRequest = request => request.Headers.Origin = OwnOrigin;
        await using var client = await MeetingHubClient.ConnectAsync(new MeetingHubClientOptions(new Uri(_server.Server.BaseAddress, "hubs/meeting"))
        {
            AccessToken = session!.Token,
            OpenWebSocket = socket.ConnectAsync,
        });
        await client.JoinAsync(TestRooms.Unique(), "Ada");
    }

    [Fact]
    public async Task ConfiguredOrigins_ReplaceTheServicesOwn()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Security:AllowedOrigins:0", "http://127.0.0.1:8080");
        using var http = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var front = await http.SendAsync(WithOrigin(HttpMethod.Post, "/api/session", "http://127.0.0.1:8080"));
        var own = await http.SendAsync(WithOrigin(HttpMethod.Post, "/api/session", OwnOrigin));

        Assert.Equal(HttpStatusCode.OK, front.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
    }

    [Fact]
    public async Task StaticPage_FromAnyOrigin_IsServed()
    {
        using var http = _server.CreateClient();

        var response = await http.SendAsync(WithOrigin(HttpMethod.Get, "/", "http://evil.example"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage WithOrigin(HttpMethod method, string path, string origin)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        return request;
    }
}
