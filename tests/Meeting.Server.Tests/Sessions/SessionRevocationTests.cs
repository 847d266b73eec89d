using System.Net;
using System.Net.Http.Headers;
using Meeting.Testing;

namespace Meeting.Server.Tests.Sessions;

/// <summary>A stolen or logged-out session must stop working on the connections it already holds,
/// not only on new ones: the attacker below keeps calling after <c>DELETE /api/session</c>.</summary>
public sealed class SessionRevocationTests : IClassFixture<MeetingServerFactory>
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly MeetingServerFactory _server;

    public SessionRevocationTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Revoke_ClosesTheSessionsOpenConnections_AndTheirChatIsNotDelivered()
    {
        var room = TestRooms.Unique();
        var (session, attacker) = await _server.ConnectNewClientAsync();
        var second = await _server.ConnectClientAsync(session.Token);
        var (_, bob) = await _server.ConnectNewClientAsync();
        await using (attacker)
        await using (second)
        await using (bob)
        {
            await attacker.JoinAsync(room, "Mallory");
            await bob.JoinAsync(room, "Bob");

            Assert.Equal(HttpStatusCode.NoContent, await RevokeAsync(_server, session.Token));

            await attacker.Closed.WaitAsync(CloseTimeout);
            await second.Closed.WaitAsync(CloseTimeout);
            await AssertRefusedAsync(() => attacker.ChatAsync("after revocation"));
            await AssertRefusedAsync(() => attacker.SignalAsync("someone", new { sdp = "x" }));
            await AssertRefusedAsync(() => attacker.ReplayAsync("0-0"));
            Assert.False(await bob.Chat.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300), m => m.Text == "after revocation"));
        }
    }

    [Fact]
    public async Task Revoke_LeavesOtherSessionsConnected()
    {
        var victim = await _server.CreateSessionAsync();
        var (_, other) = await _server.ConnectNewClientAsync();
        var revoked = await _server.ConnectClientAsync(victim.Token);
        await using (other)
        await using (revoked)
        {
            Assert.Equal(HttpStatusCode.NoContent, await RevokeAsync(_server, victim.Token));
            await revoked.Closed.WaitAsync(CloseTimeout);

            await other.JoinAsync(TestRooms.Unique(), "Other");
            Assert.False(other.Closed.IsCompleted);
        }
    }

    [Fact]
    public async Task Expiry_ClosesTheConnection()
    {
        await using var shortLived = new MeetingServerFactory().With("Meeting:Sessions:Lifetime", "00:00:02");
        var (_, client) = await shortLived.ConnectNewClientAsync();
        await using (client)
        {
            await client.JoinAsync(TestRooms.Unique(), "Soon gone");

            await client.Closed.WaitAsync(CloseTimeout);
            await AssertRefusedAsync(() => client.ChatAsync("after expiry"));
        }
    }

    internal static async Task<HttpStatusCode> RevokeAsync(MeetingServerFactory server, string token)
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri("/api/session", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await http.SendAsync(request)).StatusCode;
    }

    /// <summary>A call after the session ended either answers <c>unauthenticated</c> or finds the connection closed.</summary>
    internal static async Task AssertRefusedAsync(Func<Task> call)
    {
        var error = await Record.ExceptionAsync(call);
        switch (error)
        {
            case HubCallException refused:
                Assert.Equal("unauthenticated", refused.Code);
                break;
            case InvalidOperationException or System.Net.WebSockets.WebSocketException or OperationCanceledException or IOException:
                break;
            default:
                Assert.Fail(error is null ? "The call went through after the session ended." : "Unexpected error: " + error);
                break;
        }
    }
}
