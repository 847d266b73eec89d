using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Meeting.Testing;
using Meeting.Testing.Hub;

namespace Meeting.Server.Tests.Hubs;

/// <summary>A script holding one session (or one address) tries to open more hub connections than a
/// browser ever needs.</summary>
public sealed class ConnectionLimitTests : IClassFixture<ConnectionLimitTests.LimitedServer>
{
    private readonly MeetingServerFactory _server;

    public ConnectionLimitTests(LimitedServer server) => _server = server.Factory;

    [Fact]
    public async Task Connect_BeyondTheSessionsLimit_IsRefusedWith429AndRetryAfter()
    {
        var session = await _server.CreateSessionAsync();
        await using var first = await _server.ConnectClientAsync(session.Token);
        await using var second = await _server.ConnectClientAsync(session.Token);

        // SignalR answers the handshake before it runs OnConnectedAsync, where the server counts the
        // connection: a client can be connected a moment before it is counted.
        await Eventually.SucceedsAsync(async () =>
        {
            using var response = await NegotiateAsync(session.Token);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("too_many_connections", body.GetProperty("code").GetString());
        });
        await Assert.ThrowsAnyAsync<Exception>(() => _server.ConnectClientAsync(session.Token));
    }

    [Fact]
    public async Task Connect_AfterOneOfTheSessionsConnectionsClosed_IsAdmitted()
    {
        var session = await _server.CreateSessionAsync();
        await using var first = await _server.ConnectClientAsync(session.Token);
        var second = await _server.ConnectClientAsync(session.Token);
        await second.DisposeAsync();

        await Eventually.SucceedsAsync(async () =>
        {
            using var response = await NegotiateAsync(session.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        await using var third = await _server.ConnectClientAsync(session.Token);
        await Assert.ThrowsAsync<HubCallException>(() => third.LeaveAsync());
    }

    [Fact]
    public async Task Connect_InABurstPastTheNegotiateCheck_AdmitsOnlyTheLimit()
    {
        var session = await _server.CreateSessionAsync();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return await _server.ConnectClientAsync(session.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null;
            }
        }));
        var connected = attempts.OfType<MeetingHubClient>().ToArray();
        try
        {
            // A refused connection may finish its handshake and then be closed with the code.
            var admitted = 0;
            foreach (var client in connected)
            {
                var error = await Record.ExceptionAsync(() => client.LeaveAsync());
                admitted += error is HubCallException { Code: "not_in_room" } ? 1 : 0;
            }

            Assert.Equal(2, admitted);
        }
        finally
        {
            foreach (var client in connected)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Connect_BeyondTheAddressLimit_IsRefused()
    {
        await using var strict = new MeetingServerFactory().With("Meeting:Limits:ConnectionsPerAddress", "2");
        var (_, a) = await strict.ConnectNewClientAsync();
        var (_, b) = await strict.ConnectNewClientAsync();
        await using (a)
        await using (b)
        {
            var third = await strict.CreateSessionAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => strict.ConnectClientAsync(third.Token));
        }
    }

    private async Task<HttpResponseMessage> NegotiateAsync(string token)
    {
        using var http = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/hubs/meeting/negotiate?negotiateVersion=1", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    public sealed class LimitedServer : IDisposable
    {
        public MeetingServerFactory Factory { get; } = new MeetingServerFactory()
            .With("Meeting:Limits:ConnectionsPerSession", "2")
            .With("Meeting:Limits:ConnectionRetryAfter", "00:00:07");

        public void Dispose() => Factory.Dispose();
    }
}
