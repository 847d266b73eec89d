using System.Net;

namespace Meeting.Server.Tests.Hubs;

public sealed class AuthenticationTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public AuthenticationTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Connect_WithoutASession_IsRefused()
    {
        using var http = _server.CreateClient();
        var negotiate = await http.PostAsync(new Uri("/hubs/meeting/negotiate?negotiateVersion=1", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync());
        Assert.Equal("unauthenticated", body.RootElement.GetProperty("code").GetString());
        await Assert.ThrowsAnyAsync<Exception>(() => _server.ConnectClientAsync(string.Empty));
    }

    [Theory]
    [InlineData("/hubs/meeting")]
    [InlineData("/hubs/meeting/negotiate?negotiateVersion=1")]
    [InlineData("/hubs/meeting?id=made-up-connection")]
    public async Task HubRequest_WithARevokedSession_IsRefusedWith401(string path)
    {
        var session = await _server.CreateSessionAsync();
        Assert.Equal(HttpStatusCode.NoContent, await Meeting.Server.Tests.Sessions.SessionRevocationTests.RevokeAsync(_server, session.Token));
        using var http = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new("Bearer", session.Token);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Connect_WithAForgedToken_IsRefused()
    {
        var real = await _server.CreateSessionAsync();
        var forged = real.Token[..^4] + (real.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        await Assert.ThrowsAnyAsync<Exception>(() => _server.ConnectClientAsync(forged));
        await Assert.ThrowsAnyAsync<Exception>(() => _server.ConnectClientAsync("not-a-token"));
    }

    [Fact]
    public async Task Join_AfterTheSessionWasRevoked_IsRefusedOrFindsTheConnectionClosed()
    {
        var (session, client) = await _server.ConnectNewClientAsync();
        await using (client)
        {
            using var http = _server.CreateClient();
            using var revoke = new HttpRequestMessage(HttpMethod.Delete, "/api/session");
            revoke.Headers.Authorization = new("Bearer", session.Token);
            Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(revoke)).StatusCode);

            // The revocation closes the connection; a call racing the close answers unauthenticated.
            await Meeting.Server.Tests.Sessions.SessionRevocationTests.AssertRefusedAsync(() => client.JoinAsync(TestRooms.Unique(), "Alice"));
            await Assert.ThrowsAnyAsync<Exception>(() => _server.ConnectClientAsync(session.Token));
        }
    }
}
