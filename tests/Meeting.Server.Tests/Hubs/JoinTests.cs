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
        var (aliceSession, alice) = await _server.ConnectNewAsync();
        var (bobSession, bob) = await _server.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            var first = await alice.InvokeAsync("Join", room, "Alice");
            Assert.Equal(aliceSession.PeerId, first.GetProperty("peerId").GetString());
            Assert.Equal(room, first.GetProperty("room").GetString());
            Assert.Equal("test", first.GetProperty("site").GetString());
            Assert.Equal(0, first.GetProperty("peers").GetArrayLength());

            var second = await bob.InvokeAsync("Join", room, "Bob");
            var roster = second.GetProperty("peers").EnumerateArray().ToArray();
            Assert.Single(roster);
            Assert.Equal(aliceSession.PeerId, roster[0].GetProperty("peerId").GetString());
            Assert.Equal("Alice", roster[0].GetProperty("displayName").GetString());

            var joined = await alice.WaitForAsync("PeerJoined");
            Assert.Equal(bobSession.PeerId, joined.GetProperty("peerId").GetString());
            Assert.Equal("Bob", joined.GetProperty("displayName").GetString());
        }
    }
}
