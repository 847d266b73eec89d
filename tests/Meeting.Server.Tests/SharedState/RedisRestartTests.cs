using System.Text.Json;
using Meeting.Testing;
using Meeting.Testing.Redis;

namespace Meeting.Server.Tests.SharedState;

/// <summary>Redis stopped and started again under two servers with connected peers: no socket dropped, so no
/// peer may leave its room, whether Redis came back with its data or without.</summary>
public sealed class RedisRestartTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectedPeers_StayInTheirRoom_WhenRedisIsAwayLongerThanAServersHeartbeat(bool keepData)
    {
        await using var redis = await StandaloneRedis.StartAsync();
        await using var gra = Server("gra", redis);
        await using var sbg = Server("sbg", redis);
        var room = TestRooms.Unique();
        var (alice, aliceId, _) = await gra.JoinNewPeerAsync(room, "Alice");
        var (bob, bobId, _) = await sbg.JoinNewPeerAsync(room, "Bob");
        var (carol, carolId, _) = await gra.JoinNewPeerAsync(room, "Carol");
        await using (alice)
        await using (bob)
        {
            // Longer than ServerDeadAfter: when Redis returns, every server's heartbeat there is stale.
            await redis.RestartAsync(keepData, away: TimeSpan.FromSeconds(3));
            await ReadyAsync(gra);
            await ReadyAsync(sbg);

            // Carol's socket drops after the outage: her PeerLeft comes one grace later, so by then any grace
            // the outage started for Alice or Bob has run out too.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            carol.Abort();
            await carol.DisposeAsync();
            await alice.PeerLeft.NextAsync(m => m.PeerId == carolId, TimeSpan.FromSeconds(20));
            await bob.PeerLeft.NextAsync(m => m.PeerId == carolId, TimeSpan.FromSeconds(20));

            Assert.False(await alice.PeerLeft.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200), m => m.PeerId == bobId));
            Assert.False(await bob.PeerLeft.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200), m => m.PeerId == aliceId));

            // And the roster still holds both, for whoever joins next.
            var (dave, _, joined) = await sbg.JoinNewPeerAsync(room, "Dave");
            await using (dave)
            {
                var peers = joined.Peers.Select(p => p.PeerId).ToArray();
                Assert.Contains(aliceId, peers);
                Assert.Contains(bobId, peers);
                Assert.DoesNotContain(carolId, peers);
            }
        }
    }

    private static MeetingServerFactory Server(string site, StandaloneRedis redis)
        => SharedStateServers.Create(site, redis.Options())
            .With("Meeting:Redis:KeyPrefix", "restart")
            .With("Meeting:Redis:HeartbeatInterval", "00:00:00.200")
            .With("Meeting:Redis:ServerDeadAfter", "00:00:01")
            .With("Meeting:Rooms:ReconnectGrace", "00:00:01");

    // Redis' own check, not the whole readiness: two servers in one process share the media port.
    private static Task ReadyAsync(MeetingServerFactory server) => Eventually.SucceedsAsync(async () =>
    {
        using var http = server.CreateClient();
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", health.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }, TimeSpan.FromSeconds(15));
}
