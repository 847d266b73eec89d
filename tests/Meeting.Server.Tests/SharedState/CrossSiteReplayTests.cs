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
        var (aliceSession, alice) = await _sites.Gra.ConnectNewAsync();
        var (bobSession, bob) = await _sites.Sbg.ConnectNewAsync();
        var (carolSession, carol) = await _sites.Gra.ConnectNewAsync();
        var (daveSession, dave) = await _sites.Sbg.ConnectNewAsync();
        await using (bob)
        await using (carol)
        await using (dave)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            await carol.InvokeAsync("Join", room, "Carol");
            var lastSeen = EventId(await alice.WaitForAsync("PeerJoined", m => HasPeer(m, carolSession.PeerId)));
            alice.Abort();
            await alice.DisposeAsync();

            await bob.InvokeAsync("Chat", "gra is gone?");
            await dave.InvokeAsync("Join", room, "Dave");
            await carol.InvokeAsync("Chat", "not for me");
            await carol.InvokeAsync("Leave");
            var seenByBob = new[]
            {
                await bob.WaitForAsync("Chat", m => m.GetProperty("text").GetString() == "gra is gone?"),
                await bob.WaitForAsync("PeerJoined", m => HasPeer(m, daveSession.PeerId)),
                await bob.WaitForAsync("Chat", m => m.GetProperty("text").GetString() == "not for me"),
                await bob.WaitForAsync("PeerLeft", m => HasPeer(m, carolSession.PeerId)),
            };

            await using var aliceAtSbg = await _sites.Sbg.ConnectAsync(aliceSession.Token);
            var rejoin = await aliceAtSbg.InvokeAsync("Join", room, "Alice");
            var reconnected = await bob.WaitForAsync("PeerReconnected");
            var replay = await aliceAtSbg.InvokeAsync("Replay", lastSeen);

            Assert.Equal("sbg", rejoin.GetProperty("site").GetString());
            Assert.False(Truncated(replay));
            var events = Events(replay);
            Assert.Equal(["Chat", "PeerJoined", "Chat", "PeerLeft", "PeerReconnected"], events.Select(e => e.GetProperty("type").GetString()));
            Assert.Equal(seenByBob.Select(EventId).Append(EventId(reconnected)), events.Select(EventId));
            AssertIncreasing([lastSeen, .. events.Select(EventId)]);
            Assert.Equal(EventId(reconnected), LastEventId(rejoin));
            Assert.Equal(bobSession.PeerId, events[0].GetProperty("fromPeerId").GetString());
            Assert.Equal("gra is gone?", events[0].GetProperty("text").GetString());
            Assert.Equal("Dave", events[1].GetProperty("displayName").GetString());
            Assert.Equal("not for me", events[2].GetProperty("text").GetString());
            Assert.Equal(carolSession.PeerId, events[3].GetProperty("peerId").GetString());
            Assert.Equal(aliceSession.PeerId, events[4].GetProperty("peerId").GetString());
        }
    }

    [Fact]
    public async Task EventsLoggedAtBothSites_ShareOneOrderOfIds()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _sites.Gra.ConnectNewAsync();
        var (_, bob) = await _sites.Sbg.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            var aliceJoin = await alice.InvokeAsync("Join", room, "Alice");
            var bobJoin = await bob.InvokeAsync("Join", room, "Bob");
            Assert.Equal(LastEventId(bobJoin), EventId(await alice.WaitForAsync("PeerJoined")));

            var ids = new List<string> { LastEventId(aliceJoin), LastEventId(bobJoin) };
            for (var i = 0; i < 6; i++)
            {
                var (sender, other) = i % 2 == 0 ? (alice, bob) : (bob, alice);
                await sender.InvokeAsync("Chat", $"message {i}");
                var atOther = await other.WaitForAsync("Chat");
                Assert.Equal(EventId(atOther), EventId(await sender.WaitForAsync("Chat")));
                ids.Add(EventId(atOther));
            }

            AssertIncreasing(ids);
            var replay = await bob.InvokeAsync("Replay", ids[0]);
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
        var (_, alice) = await gra.ConnectNewAsync();
        var (_, bob) = await sbg.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            var join = await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            var chats = new List<string>();
            for (var i = 0; i < 250; i++)
            {
                await alice.InvokeAsync("Chat", $"message {i}");
                chats.Add(EventId(await alice.WaitForAsync("Chat")));
            }

            var fromJoin = await bob.InvokeAsync("Replay", LastEventId(join));
            Assert.True(Truncated(fromJoin));
            Assert.Equal(chats[^10..], Events(fromJoin).Select(EventId));

            var recent = await bob.InvokeAsync("Replay", chats[^4]);
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
