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
        var (aliceSession, alice) = await _server.ConnectNewClientAsync();
        var (bobSession, bob) = await _server.ConnectNewClientAsync();
        var (carolSession, carol) = await _server.ConnectNewClientAsync();
        var (daveSession, dave) = await _server.ConnectNewClientAsync();
        var (_, outsider) = await _server.ConnectNewClientAsync();
        await using (bob)
        await using (carol)
        await using (dave)
        await using (outsider)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            await carol.JoinAsync(room, "Carol");
            await outsider.JoinAsync(TestRooms.Unique(), "Eve");
            var lastSeen = EventId(await alice.PeerJoined.NextAsync(m => HasPeer(m, carolSession.PeerId)));
            alice.Abort();
            await alice.DisposeAsync();

            await bob.ChatAsync("while you were away");
            await outsider.ChatAsync("another room");
            await dave.JoinAsync(room, "Dave");
            await carol.LeaveAsync();
            await bob.ChatAsync("still there?");
            var firstChat = await bob.Chat.NextAsync(m => m.Text == "while you were away");
            var seenByBob = new[]
            {
                EventId(firstChat),
                EventId(await bob.PeerJoined.NextAsync(m => HasPeer(m, daveSession.PeerId))),
                EventId(await bob.PeerLeft.NextAsync(m => HasPeer(m, carolSession.PeerId))),
                EventId(await bob.Chat.NextAsync(m => m.Text == "still there?")),
            };

            await using var aliceBack = await _server.ConnectClientAsync(aliceSession.Token);
            var rejoin = await aliceBack.JoinAsync(room, "Alice");
            var reconnected = await bob.PeerReconnected.NextAsync();
            var replay = await aliceBack.ReplayAsync(lastSeen);

            Assert.False(Truncated(replay));
            var events = Events(replay);
            Assert.Equal(["Chat", "PeerJoined", "PeerLeft", "Chat", "PeerReconnected"], events.Select(e => e.Type));
            Assert.Equal(seenByBob.Append(EventId(reconnected)), events.Select(EventId));
            AssertIncreasing([lastSeen, .. events.Select(EventId)]);
            Assert.Equal(EventId(reconnected), LastEventId(rejoin));

            Assert.Equal(bobSession.PeerId, events[0].FromPeerId);
            Assert.Equal("Bob", events[0].DisplayName);
            Assert.Equal("while you were away", events[0].Text);
            Assert.Equal(firstChat.SentAt, events[0].SentAt);
            Assert.Equal(daveSession.PeerId, events[1].PeerId);
            Assert.Equal("Dave", events[1].DisplayName);
            Assert.Equal(carolSession.PeerId, events[2].PeerId);
            Assert.Null(events[2].DisplayName);
            Assert.Null(events[2].Text);
            Assert.Equal("still there?", events[3].Text);
            Assert.Equal(aliceSession.PeerId, events[4].PeerId);
        }
    }

    [Fact]
    public async Task Replay_FromTheNewestId_ReturnsNoEvents()
    {
        var (_, alice) = await _server.ConnectNewClientAsync();
        await using (alice)
        {
            await alice.JoinAsync(TestRooms.Unique(), "Alice");
            await alice.ChatAsync("hello");
            var chat = await alice.Chat.NextAsync();

            var replay = await alice.ReplayAsync(EventId(chat));

            Assert.Empty(Events(replay));
            Assert.False(Truncated(replay));
        }
    }

    [Fact]
    public async Task Events_CarryIncreasingIds_AndJoinReturnsTheJoinersOwnEventAsLastEventId()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewClientAsync();
        var (_, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            var aliceJoin = await alice.JoinAsync(room, "Alice");
            var bobJoin = await bob.JoinAsync(room, "Bob");
            var bobJoined = await alice.PeerJoined.NextAsync();
            Assert.Equal(EventId(bobJoined), LastEventId(bobJoin));

            var chats = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                await alice.ChatAsync($"message {i}");
                var atBob = await bob.Chat.NextAsync();
                Assert.Equal(EventId(atBob), EventId(await alice.Chat.NextAsync()));
                chats.Add(EventId(atBob));
            }

            AssertIncreasing([LastEventId(aliceJoin), LastEventId(bobJoin), .. chats]);

            // The same connection joining its room again announces nothing: the room's newest id comes back.
            Assert.Equal(chats[^1], LastEventId(await bob.JoinAsync(room, "Bob")));
        }
    }

    [Fact]
    public async Task Replay_WithAnIdOlderThanTheBoundedLog_SaysTruncated_AndKeepsTheNewest()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:EventLog:Length", "10");
        var (_, alice) = await server.ConnectNewClientAsync();
        await using (alice)
        {
            var join = await alice.JoinAsync(TestRooms.Unique(), "Alice");
            var chats = new List<string>();
            for (var i = 0; i < 15; i++)
            {
                await alice.ChatAsync($"message {i}");
                chats.Add(EventId(await alice.Chat.NextAsync()));
            }

            // The log holds the newest ten: messages 5 to 14.
            var fromJoin = await alice.ReplayAsync(LastEventId(join));
            Assert.True(Truncated(fromJoin));
            Assert.Equal(chats[5..], Events(fromJoin).Select(EventId));

            var fromThird = await alice.ReplayAsync(chats[3]);
            Assert.True(Truncated(fromThird));

            // Message 4 was dropped, but nothing after it was: the log still reaches back to it.
            var fromFourth = await alice.ReplayAsync(chats[4]);
            Assert.False(Truncated(fromFourth));
            Assert.Equal(chats[5..], Events(fromFourth).Select(EventId));
        }
    }

    [Fact]
    public async Task PeerLeft_AfterTheGraceRanOut_IsLoggedAndReplayed()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:ReconnectGrace", "00:00:00.300");
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await server.ConnectNewClientAsync();
        var (_, bob) = await server.ConnectNewClientAsync();
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            var bobJoin = await bob.JoinAsync(room, "Bob");
            alice.Abort();
            await alice.DisposeAsync();

            var left = await bob.PeerLeft.NextAsync(timeout: TimeSpan.FromSeconds(5));
            var replay = await bob.ReplayAsync(LastEventId(bobJoin));

            var only = Assert.Single(Events(replay));
            Assert.Equal("PeerLeft", only.Type);
            Assert.Equal(aliceSession.PeerId, only.PeerId);
            Assert.Equal(EventId(left), EventId(only));
        }
    }

    [Fact]
    public async Task Replay_BeforeJoining_IsRefused()
    {
        var (_, alice) = await _server.ConnectNewClientAsync();
        await using (alice)
        {
            await HubAssert.RejectsAsync("not_in_room", () => alice.ReplayAsync("0-0"));
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
        var (_, alice) = await _server.ConnectNewClientAsync();
        await using (alice)
        {
            await alice.JoinAsync(TestRooms.Unique(), "Alice");
            await HubAssert.RejectsAsync("invalid_event_id", () => alice.ReplayAsync(afterEventId));
        }
    }

    [Fact]
    public async Task Replay_WithANullEventId_IsRefused()
    {
        var (_, alice) = await _server.ConnectNewClientAsync();
        await using (alice)
        {
            await alice.JoinAsync(TestRooms.Unique(), "Alice");
            await HubAssert.RejectsAsync("invalid_event_id", () => alice.ReplayAsync(null!));
        }
    }
}
