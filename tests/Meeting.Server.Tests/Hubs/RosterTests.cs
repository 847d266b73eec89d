using System.Net;
using System.Net.Http.Json;
using Meeting.Testing;

namespace Meeting.Server.Tests.Hubs;

public sealed class RosterTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public RosterTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Leave_TellsTheOthersAndEmptiesThePlace()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewClientAsync();
        var (_, bob) = await _server.ConnectNewClientAsync();
        var (_, carol) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            await alice.LeaveAsync();

            var left = await bob.PeerLeft.NextAsync();
            Assert.Equal(aliceSession.PeerId, left.PeerId);
            var roster = (await carol.JoinAsync(room, "Carol")).Peers;
            Assert.Equal(["Bob"], roster.Select(p => p.DisplayName));
        }
    }

    [Fact]
    public async Task Leave_WhenNotInARoom_IsRefused()
    {
        var (_, client) = await _server.ConnectNewClientAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("not_in_room", () => client.LeaveAsync());
        }
    }

    [Fact]
    public async Task Join_WithSameSession_KeepsPeerIdAcrossConnections()
    {
        var session = await _server.CreateSessionAsync();
        await using var first = await _server.ConnectClientAsync(session.Token);
        var firstJoin = await first.JoinAsync(TestRooms.Unique(), "Alice");
        await first.DisposeAsync();

        await using var second = await _server.ConnectClientAsync(session.Token);
        var secondJoin = await second.JoinAsync(TestRooms.Unique(), "Alice");

        Assert.Equal(session.PeerId, firstJoin.PeerId);
        Assert.Equal(session.PeerId, secondJoin.PeerId);
    }

    [Fact]
    public async Task Join_AnotherRoom_LeavesTheFirstOne()
    {
        var first = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewClientAsync();
        var (_, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(first, "Alice");
            await bob.JoinAsync(first, "Bob");

            await alice.JoinAsync(TestRooms.Unique(), "Alice");

            var left = await bob.PeerLeft.NextAsync();
            Assert.Equal(aliceSession.PeerId, left.PeerId);
        }
    }

    [Fact]
    public async Task Join_AgainOnTheSameConnection_ChangesNothingForTheOthers()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewClientAsync();
        var (_, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await bob.JoinAsync(room, "Bob");
            await alice.JoinAsync(room, "Alice");
            await bob.PeerJoined.NextAsync();

            var again = await alice.JoinAsync(room, "Alice");

            Assert.Single(again.Peers);
            Assert.False(await bob.PeerJoined.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
            Assert.False(await bob.PeerReconnected.ArrivesWithinAsync(TimeSpan.FromMilliseconds(100)));
        }
    }

    [Fact]
    public async Task Stats_CountRoomsPeersAndConnections()
    {
        await using var isolated = new MeetingServerFactory();
        var (_, alice) = await isolated.ConnectNewClientAsync();
        var (_, bob) = await isolated.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync("stats-a", "Alice");
            await bob.JoinAsync("stats-b", "Bob");

            using var http = isolated.CreateClient();
            var stats = await http.GetFromJsonAsync<Dictionary<string, object>>("/api/stats");

            Assert.Equal("2", stats!["rooms"].ToString());
            Assert.Equal("2", stats["peers"].ToString());
            Assert.Equal("2", stats["connections"].ToString());
            Assert.Equal("test", stats["site"].ToString());
        }
    }
}
