using System.Text.Json;
using Meeting.Testing;

namespace Meeting.Server.Tests.Hubs;

public sealed class JoinTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public JoinTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Join_ReturnsOwnPeerIdAndRosterOfOthers()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewClientAsync();
        var (bobSession, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            var first = await alice.JoinAsync(room, "Alice");
            Assert.Equal(aliceSession.PeerId, first.PeerId);
            Assert.Equal(room, first.Room);
            Assert.Equal("test", first.Site);
            Assert.Empty(first.Peers);

            var second = await bob.JoinAsync(room, "Bob");
            var roster = second.Peers.ToArray();
            Assert.Single(roster);
            Assert.Equal(aliceSession.PeerId, roster[0].PeerId);
            Assert.Equal("Alice", roster[0].DisplayName);

            var joined = await alice.PeerJoined.NextAsync();
            Assert.Equal(bobSession.PeerId, joined.PeerId);
            Assert.Equal("Bob", joined.DisplayName);
        }
    }
}
