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
        var (_, client) = await _server.ConnectNewClientAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("invalid_room", () => client.JoinAsync(room, "Alice"));
        }
    }

    [Fact]
    public async Task Join_WithNoRoom_IsRefused()
    {
        var (_, client) = await _server.ConnectNewClientAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("invalid_room", () => client.JoinAsync(null!, "Alice"));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("tab\tname")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task Join_WithAnInvalidDisplayName_IsRefused(string name)
    {
        var (_, client) = await _server.ConnectNewClientAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("invalid_name", () => client.JoinAsync(TestRooms.Unique(), name));
        }
    }

    [Fact]
    public async Task Join_AFullRoom_IsRefusedAndChangesNothing()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewClientAsync();
        var (_, bob) = await _server.ConnectNewClientAsync();
        var (_, carol) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            await alice.PeerJoined.NextAsync();

            await HubAssert.RejectsAsync("room_full", () => carol.JoinAsync(room, "Carol"));

            Assert.False(await alice.PeerJoined.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
            await HubAssert.RejectsAsync("not_in_room", () => carol.ChatAsync("let me in"));
            Assert.False(await bob.Chat.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
        }
    }

    [Fact]
    public async Task Join_AFullRoom_StillAdmitsAPeerAlreadyInIt()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewClientAsync();
        var (_, bob) = await _server.ConnectNewClientAsync();
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            await alice.DisposeAsync();

            await using var aliceAgain = await _server.ConnectClientAsync(aliceSession.Token);
            var rejoin = await aliceAgain.JoinAsync(room, "Alice");

            Assert.Equal(aliceSession.PeerId, rejoin.PeerId);
        }
    }

    public sealed class SmallRoomsServer : IDisposable
    {
        public MeetingServerFactory Factory { get; } = new MeetingServerFactory().With("Meeting:Rooms:MaxPeersPerRoom", "2");

        public void Dispose() => Factory.Dispose();
    }
}
