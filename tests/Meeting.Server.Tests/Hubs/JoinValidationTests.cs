namespace Meeting.Server.Tests.Hubs;

public sealed class JoinValidationTests : IClassFixture<JoinValidationTests.SmallRoomsServer>
{
    private readonly MeetingServerFactory _server;

    public JoinValidationTests(SmallRoomsServer server) => _server = server.Factory;

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Join_WithAnInvalidRoomId_IsRefused(string room)
    {
        var (_, client) = await _server.ConnectNewAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("invalid_room", () => client.InvokeAsync("Join", room, "Alice"));
        }
    }

    [Fact]
    public async Task Join_WithNoRoom_IsRefused()
    {
        var (_, client) = await _server.ConnectNewAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("invalid_room", () => client.InvokeAsync("Join", null, "Alice"));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("tab\tname")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task Join_WithAnInvalidDisplayName_IsRefused(string name)
    {
        var (_, client) = await _server.ConnectNewAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("invalid_name", () => client.InvokeAsync("Join", TestRooms.Unique(), name));
        }
    }

    [Fact]
    public async Task Join_AFullRoom_IsRefusedAndChangesNothing()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewAsync();
        var (_, bob) = await _server.ConnectNewAsync();
        var (_, carol) = await _server.ConnectNewAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            await alice.WaitForAsync("PeerJoined");

            await HubAssert.RejectsAsync("room_full", () => carol.InvokeAsync("Join", room, "Carol"));

            Assert.False(await alice.ReceivesWithinAsync("PeerJoined", TimeSpan.FromMilliseconds(300)));
            await HubAssert.RejectsAsync("not_in_room", () => carol.InvokeAsync("Chat", "let me in"));
            Assert.False(await bob.ReceivesWithinAsync("Chat", TimeSpan.FromMilliseconds(200)));
        }
    }

    [Fact]
    public async Task Join_AFullRoom_StillAdmitsAPeerAlreadyInIt()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewAsync();
        var (_, bob) = await _server.ConnectNewAsync();
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            await alice.DisposeAsync();

            await using var aliceAgain = await _server.ConnectAsync(aliceSession.Token);
            var rejoin = await aliceAgain.InvokeAsync("Join", room, "Alice");

            Assert.Equal(aliceSession.PeerId, rejoin.GetProperty("peerId").GetString());
        }
    }

    public sealed class SmallRoomsServer : IDisposable
    {
        public MeetingServerFactory Factory { get; } = new MeetingServerFactory().With("Meeting:Rooms:MaxPeersPerRoom", "2");

        public void Dispose() => Factory.Dispose();
    }
}
