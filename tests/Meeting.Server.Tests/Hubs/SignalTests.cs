using System.Text.Json;

namespace Meeting.Server.Tests.Hubs;

public sealed class SignalTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public SignalTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Signal_RelaysThePayloadToThePeerWithTheSendersIdentity()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewClientAsync();
        var (bobSession, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            // The payload claims to come from Bob; the server must say who really sent it.
            var payload = new { description = new { type = "offer", sdp = "v=0\r\n" }, fromPeerId = bobSession.PeerId };
            await alice.SignalAsync(bobSession.PeerId, payload);

            var signal = await bob.Signal.NextAsync();
            Assert.Equal(aliceSession.PeerId, signal.FromPeerId);
            Assert.Equal("offer", signal.Payload.GetProperty("description").GetProperty("type").GetString());
            Assert.Equal("v=0\r\n", signal.Payload.GetProperty("description").GetProperty("sdp").GetString());
        }
    }

    [Fact]
    public async Task Signal_ToAPeerOfAnotherRoom_IsRefusedAndNotDelivered()
    {
        var (_, alice) = await _server.ConnectNewClientAsync();
        var (bobSession, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(TestRooms.Unique(), "Alice");
            await bob.JoinAsync(TestRooms.Unique(), "Bob");

            await HubAssert.RejectsAsync("unknown_peer", () => alice.SignalAsync(bobSession.PeerId, new { candidate = "x" }));
            Assert.False(await bob.Signal.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public async Task Signal_ToAnUnknownPeerOrToOneself_IsRefused()
    {
        var (session, alice) = await _server.ConnectNewClientAsync();
        await using (alice)
        {
            await alice.JoinAsync(TestRooms.Unique(), "Alice");

            await HubAssert.RejectsAsync("unknown_peer", () => alice.SignalAsync("no-such-peer", new { candidate = "x" }));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.SignalAsync(session.PeerId, new { candidate = "x" }));
        }
    }

    [Fact]
    public async Task Signal_BeforeJoining_IsRefused()
    {
        var (_, alice) = await _server.ConnectNewClientAsync();
        await using (alice)
        {
            await HubAssert.RejectsAsync("not_in_room", () => alice.SignalAsync("anyone", new { candidate = "x" }));
        }
    }

    [Theory]
    [InlineData("\"just a string\"")]
    [InlineData("[1,2,3]")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Signal_WithAPayloadThatIsNotAnObject_IsRefused(string payloadJson)
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewClientAsync();
        var (bobSession, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            using var payload = JsonDocument.Parse(payloadJson);
            await HubAssert.RejectsAsync("invalid_payload", () => alice.SignalAsync(bobSession.PeerId, payload.RootElement));
            Assert.False(await bob.Signal.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
        }
    }

    [Fact]
    public async Task Signal_OverSixtyFourKibibytes_IsRefusedAndNotDelivered()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewClientAsync();
        var (bobSession, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            var justFits = new { sdp = new string('a', (64 * 1024) - 20) };
            var tooBig = new { sdp = new string('a', 64 * 1024) };

            await alice.SignalAsync(bobSession.PeerId, justFits);
            await bob.Signal.NextAsync();
            await HubAssert.RejectsAsync("payload_too_large", () => alice.SignalAsync(bobSession.PeerId, tooBig));
            Assert.False(await bob.Signal.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public async Task Signal_ToAPeerInsideItsReconnectGrace_IsRefusedAsUnavailable()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewClientAsync();
        var (bobSession, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            bob.Abort();
            await bob.DisposeAsync();

            await Eventually.SucceedsAsync(
                () => HubAssert.RejectsAsync("peer_unavailable", () => alice.SignalAsync(bobSession.PeerId, new { candidate = "x" })));
        }
    }
}
