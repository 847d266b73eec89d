using static Meeting.Server.Tests.Hubs.RoomEventJson;

namespace Meeting.Server.Tests.Hubs;

public sealed class ReplayTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public ReplayTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Replay_AfterARejoin_ReturnsExactlyTheEventsMissedWhileAway_InOrder_WithTheIdsOthersSawLive()
    {
        // The fixture's reconnect grace (15 s) outlasts the test: Alice keeps her place while away.
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewAsync();
        var (bobSession, bob) = await _server.ConnectNewAsync();
        var (carolSession, carol) = await _server.ConnectNewAsync();
        var (daveSession, dave) = await _server.ConnectNewAsync();
        var (_, outsider) = await _server.ConnectNewAsync();
        await using (bob)
        await using (carol)
        await using (dave)
        await using (outsider)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            await carol.InvokeAsync("Join", room, "Carol");
            await outsider.InvokeAsync("Join", TestRooms.Unique(), "Eve");
            var lastSeen = EventId(await alice.WaitForAsync("PeerJoined", m => HasPeer(m, carolSession.PeerId)));
            alice.Abort();
            await alice.DisposeAsync();

            await bob.InvokeAsync("Chat", "while you were away");
            await outsider.InvokeAsync("Chat", "another room");
            await dave.InvokeAsync("Join", room, "Dave");
            await carol.InvokeAsync("Leave");
            await bob.InvokeAsync("Chat", "still there?");
            var seenByBob = new[]
            {
                await bob.WaitForAsync("Chat", m => m.GetProperty("text").GetString() == "while you were away"),
                await bob.WaitForAsync("PeerJoined", m => HasPeer(m, daveSession.PeerId)),
                await bob.WaitForAsync("PeerLeft", m => HasPeer(m, carolSession.PeerId)),
                await bob.WaitForAsync("Chat", m => m.GetProperty("text").GetString() == "still there?"),
            };

            await using var aliceBack = await _server.ConnectAsync(aliceSession.Token);
            var rejoin = await aliceBack.InvokeAsync("Join", room, "Alice");
            var reconnected = await bob.WaitForAsync("PeerReconnected");
            var replay = await aliceBack.InvokeAsync("Replay", lastSeen);

            Assert.False(Truncated(replay));
            var events = Events(replay);
            Assert.Equal(["Chat", "PeerJoined", "PeerLeft", "Chat", "PeerReconnected"], events.Select(e => e.GetProperty("type").GetString()));
            Assert.Equal(seenByBob.Select(EventId).Append(EventId(reconnected)), events.Select(EventId));
            AssertIncreasing([lastSeen, .. events.Select(EventId)]);
            Assert.Equal(EventId(reconnected), LastEventId(rejoin));

            Assert.Equal(bobSession.PeerId, events[0].GetProperty("fromPeerId").GetString());
            Assert.Equal("Bob", events[0].GetProperty("displayName").GetString());
            Assert.Equal("while you were away", events[0].GetProperty("text").GetString());
            Assert.Equal(seenByBob[0].GetProperty("sentAt").GetDateTimeOffset(), events[0].GetProperty("sentAt").GetDateTimeOffset());
            Assert.Equal(daveSession.PeerId, events[1].GetProperty("peerId").GetString());
            Assert.Equal("Dave", events[1].GetProperty("displayName").GetString());
            Assert.Equal(carolSession.PeerId, events[2].GetProperty("peerId").GetString());
            Assert.False(events[2].TryGetProperty("displayName", out _));
            Assert.False(events[2].TryGetProperty("text", out _));
            Assert.Equal("still there?", events[3].GetProperty("text").GetString());
            Assert.Equal(aliceSession.PeerId, events[4].GetProperty("peerId").GetString());
        }
    }

    [Fact]
    public async Task Replay_FromTheNewestId_ReturnsNoEvents()
    {
        var (_, alice) = await _server.ConnectNewAsync();
        await using (alice)
        {
            await alice.InvokeAsync("Join", TestRooms.Unique(), "Alice");
            await alice.InvokeAsync("Chat", "hello");
            var chat = await alice.WaitForAsync("Chat");

            var replay = await alice.InvokeAsync("Replay", EventId(chat));

            Assert.Empty(Events(replay));
            Assert.False(Truncated(replay));
        }
    }

    [Fact]
    public async Task Events_CarryIncreasingIds_AndJoinReturnsTheJoinersOwnEventAsLastEventId()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewAsync();
        var (_, bob) = await _server.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            var aliceJoin = await alice.InvokeAsync("Join", room, "Alice");
            var bobJoin = await bob.InvokeAsync("Join", room, "Bob");
            var bobJoined = await alice.WaitForAsync("PeerJoined");
            Assert.Equal(EventId(bobJoined), LastEventId(bobJoin));

            var chats = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                await alice.InvokeAsync("Chat", $"message {i}");
                var atBob = await bob.WaitForAsync("Chat");
                Assert.Equal(EventId(atBob), EventId(await alice.WaitForAsync("Chat")));
                chats.Add(EventId(atBob));
            }

            AssertIncreasing([LastEventId(aliceJoin), LastEventId(bobJoin), .. chats]);

            // The same connection joining its room again announces nothing: the room's newest id comes back.
            Assert.Equal(chats[^1], LastEventId(await bob.InvokeAsync("Join", room, "Bob")));
        }
    }

    [Fact]
    public async Task Replay_WithAnIdOlderThanTheBoundedLog_SaysTruncated_AndKeepsTheNewest()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:EventLog:Length", "10");
        var (_, alice) = await server.ConnectNewAsync();
        await using (alice)
        {
            var join = await alice.InvokeAsync("Join", TestRooms.Unique(), "Alice");
            var chats = new List<string>();
            for (var i = 0; i < 15; i++)
            {
                await alice.InvokeAsync("Chat", $"message {i}");
                chats.Add(EventId(await alice.WaitForAsync("Chat")));
            }

            // The log holds the newest ten: messages 5 to 14.
            var fromJoin = await alice.InvokeAsync("Replay", LastEventId(join));
            Assert.True(Truncated(fromJoin));
            Assert.Equal(chats[5..], Events(fromJoin).Select(EventId));

            var fromThird = await alice.InvokeAsync("Replay", chats[3]);
            Assert.True(Truncated(fromThird));

            // Message 4 was dropped, but nothing after it was: the log still reaches back to it.
            var fromFourth = await alice.InvokeAsync("Replay", chats[4]);
            Assert.False(Truncated(fromFourth));
            Assert.Equal(chats[5..], Events(fromFourth).Select(EventId));
        }
    }

    [Fact]
    public async Task PeerLeft_AfterTheGraceRanOut_IsLoggedAndReplayed()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:ReconnectGrace", "00:00:00.300");
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await server.ConnectNewAsync();
        var (_, bob) = await server.ConnectNewAsync();
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            var bobJoin = await bob.InvokeAsync("Join", room, "Bob");
            alice.Abort();
            await alice.DisposeAsync();

            var left = await bob.WaitForAsync("PeerLeft", timeout: TimeSpan.FromSeconds(5));
            var replay = await bob.InvokeAsync("Replay", LastEventId(bobJoin));

            var only = Assert.Single(Events(replay));
            Assert.Equal("PeerLeft", only.GetProperty("type").GetString());
            Assert.Equal(aliceSession.PeerId, only.GetProperty("peerId").GetString());
            Assert.Equal(EventId(left), EventId(only));
        }
    }

    [Fact]
    public async Task Replay_BeforeJoining_IsRefused()
    {
        var (_, alice) = await _server.ConnectNewAsync();
        await using (alice)
        {
            await HubAssert.RejectsAsync("not_in_room", () => alice.InvokeAsync("Replay", "0-0"));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("17")]
    [InlineData("17-")]
    [InlineData("-1")]
    [InlineData("1-2-3")]
    [InlineData("1.5-0")]
    [InlineData(" 1-0")]
    [InlineData("+1-0")]
    [InlineData("18446744073709551616-0")]
    public async Task Replay_WithAMalformedEventId_IsRefused(string afterEventId)
    {
        var (_, alice) = await _server.ConnectNewAsync();
        await using (alice)
        {
            await alice.InvokeAsync("Join", TestRooms.Unique(), "Alice");
            await HubAssert.RejectsAsync("invalid_event_id", () => alice.InvokeAsync("Replay", afterEventId));
        }
    }

    [Fact]
    public async Task Replay_WithANullEventId_IsRefused()
    {
        var (_, alice) = await _server.ConnectNewAsync();
        await using (alice)
        {
            await alice.InvokeAsync("Join", TestRooms.Unique(), "Alice");
            await HubAssert.RejectsAsync("invalid_event_id", () => alice.InvokeAsync("Replay", [null], null, CancellationToken.None));
        }
    }
}
