using Meeting.Redis;
using static Meeting.Server.Tests.Hubs.RoomEventJson;

namespace Meeting.Server.Tests.SharedState;

/// <summary>The room's event log in Redis: a peer whose site lost it catches up at the other site.</summary>
[Collection(SharedStateCollection.Name)]
public sealed class CrossSiteReplayTests
{
    private readonly SharedStateServers _sites;

    public CrossSiteReplayTests(SharedStateServers sites) => _sites = sites;

    [Fact]
    public async Task Replay_AtTheOtherSite_ReturnsExactlyTheEventsMissedWhileAway_InOrder()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _sites.Gra.ConnectNewClientAsync();
        var (bobSession, bob) = await _sites.Sbg.ConnectNewClientAsync();
        var (carolSession, carol) = await _sites.Gra.ConnectNewClientAsync();
        var (daveSession, dave) = await _sites.Sbg.ConnectNewClientAsync();
        await using (bob)
        await using (carol)
        await using (dave)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            await carol.JoinAsync(room, "Carol");
            var lastSeen = EventId(await alice.PeerJoined.NextAsync(m => HasPeer(m, carolSession.PeerId)));
            alice.Abort();
            await alice.DisposeAsync();

            await bob.ChatAsync("gra is gone?");
            await dave.JoinAsync(room, "Dave");
            await carol.ChatAsync("not for me");
            await carol.LeaveAsync();
            var firstChat = await bob.Chat.NextAsync(m => m.Text == "gra is gone?");
            var seenByBob = new[]
            {
                EventId(firstChat),
                EventId(await bob.PeerJoined.NextAsync(m => HasPeer(m, daveSession.PeerId))),
                EventId(await bob.Chat.NextAsync(m => m.Text == "not for me")),
                EventId(await bob.PeerLeft.NextAsync(m => HasPeer(m, carolSession.PeerId))),
            };

            await using var aliceAtSbg = await _sites.Sbg.ConnectClientAsync(aliceSession.Token);
            var rejoin = await aliceAtSbg.JoinAsync(room, "Alice");
            var reconnected = await bob.PeerReconnected.NextAsync();
            var replay = await aliceAtSbg.ReplayAsync(lastSeen);

            Assert.Equal("sbg", rejoin.Site);
            Assert.False(Truncated(replay));
            var events = Events(replay);
            Assert.Equal(["Chat", "PeerJoined", "Chat", "PeerLeft", "PeerReconnected"], events.Select(e => e.Type));
            Assert.Equal(seenByBob.Append(EventId(reconnected)), events.Select(EventId));
            AssertIncreasing([lastSeen, .. events.Select(EventId)]);
            Assert.Equal(EventId(reconnected), LastEventId(rejoin));
            Assert.Equal(bobSession.PeerId, events[0].FromPeerId);
            Assert.Equal("gra is gone?", events[0].Text);
            Assert.Equal("Dave", events[1].DisplayName);
            Assert.Equal("not for me", events[2].Text);
            Assert.Equal(carolSession.PeerId, events[3].PeerId);
            Assert.Equal(aliceSession.PeerId, events[4].PeerId);
        }
    }

    [Fact]
    public async Task EventsLoggedAtBothSites_ShareOneOrderOfIds()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _sites.Gra.ConnectNewClientAsync();
        var (_, bob) = await _sites.Sbg.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            var aliceJoin = await alice.JoinAsync(room, "Alice");
            var bobJoin = await bob.JoinAsync(room, "Bob");
            Assert.Equal(LastEventId(bobJoin), EventId(await alice.PeerJoined.NextAsync()));

            var ids = new List<string> { LastEventId(aliceJoin), LastEventId(bobJoin) };
            for (var i = 0; i < 6; i++)
            {
                var (sender, other) = i % 2 == 0 ? (alice, bob) : (bob, alice);
                await sender.ChatAsync($"message {i}");
                var atOther = await other.Chat.NextAsync();
                Assert.Equal(EventId(atOther), EventId(await sender.Chat.NextAsync()));
                ids.Add(EventId(atOther));
            }

            AssertIncreasing(ids);
            var replay = await bob.ReplayAsync(ids[0]);
            Assert.Equal(ids[1..], Events(replay).Select(EventId));
        }
    }

    [Fact]
    public async Task Replay_WithAnIdOlderThanTheTrimmedStream_SaysTruncated_AndTheStreamIsBoundedAndExpires()
    {
        // Servers of their own with a short log; MAXLEN ~ trims whole stream nodes (100 entries each), so it
        // takes a few hundred events before Redis drops any.
        await using var gra = Bounded("gra");
        await using var sbg = Bounded("sbg");
        var room = TestRooms.Unique();
        var (_, alice) = await gra.ConnectNewClientAsync();
        var (_, bob) = await sbg.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            var join = await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            var chats = new List<string>();
            for (var i = 0; i < 250; i++)
            {
                await alice.ChatAsync($"message {i}");
                chats.Add(EventId(await alice.Chat.NextAsync()));
            }

            var fromJoin = await bob.ReplayAsync(LastEventId(join));
            Assert.True(Truncated(fromJoin));
            Assert.Equal(chats[^10..], Events(fromJoin).Select(EventId));

            var recent = await bob.ReplayAsync(chats[^4]);
            Assert.False(Truncated(recent));
            Assert.Equal(chats[^3..], Events(recent).Select(EventId));

            await using var redis = await RedisClient.ConnectAsync(_sites.Topology.Options());
            var key = $"test:room:{{{room}}}:events";
            Assert.InRange((await redis.ExecuteAsync(new RedisCommand("XLEN", key))).AsInt64(), 10, 200);
            Assert.InRange((await redis.ExecuteAsync(new RedisCommand("PTTL", key))).AsInt64(), 1, (long)TimeSpan.FromHours(24).TotalMilliseconds);
        }
    }

    private MeetingServerFactory Bounded(string site)
        => SharedStateServers.Create(site, _sites.Topology.Options())
            .With("Meeting:Rooms:EventLog:Length", "10")
            .With("Meeting:Limits:MessagesPerSecond", "10000")
            .With("Meeting:Limits:MessageBurst", "10000");
}
