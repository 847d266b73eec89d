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
        var (aliceSession, alice) = await _server.ConnectNewAsync();
        var (_, bob) = await _server.ConnectNewAsync();
        var (_, carol) = await _server.ConnectNewAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");

            await alice.InvokeAsync("Leave");

            var left = await bob.WaitForAsync("PeerLeft");
            Assert.Equal(aliceSession.PeerId, left.GetProperty("peerId").GetString());
            var roster = (await carol.InvokeAsync("Join", room, "Carol")).GetProperty("peers");
            Assert.Equal(["Bob"], roster.EnumerateArray().Select(p => p.GetProperty("displayName").GetString()));
        }
    }

    [Fact]
    public async Task Leave_WhenNotInARoom_IsRefused()
    {
        var (_, client) = await _server.ConnectNewAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("not_in_room", () => client.InvokeAsync("Leave"));
        }
    }

    [Fact]
    public async Task Join_WithSameSession_KeepsPeerIdAcrossConnections()
    {
        var session = await _server.CreateSessionAsync();
        await using var first = await _server.ConnectAsync(session.Token);
        var firstJoin = await first.InvokeAsync("Join", TestRooms.Unique(), "Alice");
        await first.DisposeAsync();

        await using var second = await _server.ConnectAsync(session.Token);
        var secondJoin = await second.InvokeAsync("Join", TestRooms.Unique(), "Alice");

        Assert.Equal(session.PeerId, firstJoin.GetProperty("peerId").GetString());
        Assert.Equal(session.PeerId, secondJoin.GetProperty("peerId").GetString());
    }

    [Fact]
    public async Task Join_AnotherRoom_LeavesTheFirstOne()
    {
        var first = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewAsync();
        var (_, bob) = await _server.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", first, "Alice");
            await bob.InvokeAsync("Join", first, "Bob");

            await alice.InvokeAsync("Join", TestRooms.Unique(), "Alice");

            var left = await bob.WaitForAsync("PeerLeft");
            Assert.Equal(aliceSession.PeerId, left.GetProperty("peerId").GetString());
        }
    }

    [Fact]
    public async Task Join_AgainOnTheSameConnection_ChangesNothingForTheOthers()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewAsync();
        var (_, bob) = await _server.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await bob.InvokeAsync("Join", room, "Bob");
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.WaitForAsync("PeerJoined");

            var again = await alice.InvokeAsync("Join", room, "Alice");

            Assert.Equal(1, again.GetProperty("peers").GetArrayLength());
            Assert.False(await bob.ReceivesWithinAsync("PeerJoined", TimeSpan.FromMilliseconds(300)));
            Assert.False(await bob.ReceivesWithinAsync("PeerReconnected", TimeSpan.FromMilliseconds(100)));
        }
    }

    [Fact]
    public async Task Stats_CountRoomsPeersAndConnections()
    {
        await using var isolated = new MeetingServerFactory();
        var (_, alice) = await isolated.ConnectNewAsync();
        var (_, bob) = await isolated.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", "stats-a", "Alice");
            await bob.InvokeAsync("Join", "stats-b", "Bob");

            using var http = isolated.CreateClient();
            var stats = await http.GetFromJsonAsync<Dictionary<string, object>>("/api/stats");

            Assert.Equal("2", stats!["rooms"].ToString());
            Assert.Equal("2", stats["peers"].ToString());
            Assert.Equal("2", stats["connections"].ToString());
            Assert.Equal("test", stats["site"].ToString());
        }
    }
}
