using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meeting.Server.Tests.Sessions;

public sealed class SessionEndpointTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public SessionEndpointTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Post_IssuesAnHttpOnlyLaxCookieAndTheSameTokenInTheBody()
    {
        using var http = _server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var response = await http.PostAsync(new Uri("/api/session", UriKind.Relative), null);

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<SessionInfo>();
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"meeting.sid={body!.Token};", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(body.PeerId));
        Assert.True(body.ExpiresAt > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Post_WithALiveSessionCookie_ReturnsTheSamePeer()
    {
        using var browser = _server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        var first = await (await browser.PostAsync(new Uri("/api/session", UriKind.Relative), null)).Content.ReadFromJsonAsync<SessionInfo>();
        var second = await (await browser.PostAsync(new Uri("/api/session", UriKind.Relative), null)).Content.ReadFromJsonAsync<SessionInfo>();

        Assert.Equal(first!.PeerId, second!.PeerId);
    }

    [Fact]
    public async Task Post_WithoutASession_GivesEachCallerItsOwnPeer()
    {
        var a = await _server.CreateSessionAsync();
        var b = await _server.CreateSessionAsync();

        Assert.NotEqual(a.PeerId, b.PeerId);
        Assert.NotEqual(a.Token, b.Token);
    }

    [Fact]
    public async Task Post_WithARevokedCookie_IssuesAFreshSession()
    {
        using var browser = _server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var first = await (await browser.PostAsync(new Uri("/api/session", UriKind.Relative), null)).Content.ReadFromJsonAsync<SessionInfo>();

        Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync(new Uri("/api/session", UriKind.Relative))).StatusCode);
        var second = await (await browser.PostAsync(new Uri("/api/session", UriKind.Relative), null)).Content.ReadFromJsonAsync<SessionInfo>();

        Assert.NotEqual(first!.PeerId, second!.PeerId);
    }

    [Fact]
    public async Task Post_BeyondThePerAddressRate_IsRefusedWith429()
    {
        await using var strict = new MeetingServerFactory().With("Meeting:Sessions:IssuePerMinutePerAddress", "3");
        using var http = strict.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await http.PostAsync(new Uri("/api/session", UriKind.Relative), null)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}
