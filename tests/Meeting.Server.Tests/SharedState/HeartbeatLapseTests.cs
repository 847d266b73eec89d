using System.Globalization;
using Meeting.Redis;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Meeting.Server.SharedState;
using Meeting.Testing;
using Meeting.Testing.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Meeting.Server.Tests.SharedState;

/// <summary>A server whose heartbeat went stale while its sockets stayed up (a long pause, a starved thread
/// pool) is taken for dead by the other site, which starts the graces of its peers. When it beats again it
/// must put them back before those graces run out: nobody left, and nobody may be told so.</summary>
public sealed class HeartbeatLapseTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task PeersOfAServerTakenForDead_AreBackBeforeTheirGraceEnds_WhenItBeatsAgain()
    {
        await using var redis = await StandaloneRedis.StartAsync();
        await using var gra = Server("gra", redis);
        await using var sbg = Server("sbg", redis);
        var room = TestRooms.Unique();
        var (alice, aliceId, _) = await gra.JoinNewPeerAsync(room, "Alice");
        var (bob, _, _) = await sbg.JoinNewPeerAsync(room, "Bob");
        await using (alice)
        await using (bob)
        {
            var servers = gra.Services.GetRequiredService<RedisKeys>().Servers;
            var graId = gra.Services.GetRequiredService<ServiceInfo>().ServerId;
            var roster = sbg.Services.GetRequiredService<IRoomRoster>();
            Assert.True(RoomId.TryParse(room, out var roomId));
            var alicePeer = new PeerId(aliceId);

            // Right after one of gra's beats, so its next is a whole interval away: the stall, seen from outside.
            var beat = await HeartbeatAsync(redis, servers, graId);
            await RedisProbe.WaitUntilAsync("gra to beat", TimeSpan.FromSeconds(10), async () => await HeartbeatAsync(redis, servers, graId) != beat);
            await QueryAsync(redis, new RedisCommand("HSET", servers, graId, "1"));

            // The premise: sbg's sweep took gra for dead and started Alice's grace, well before gra beats again.
            await RedisProbe.WaitUntilAsync("sbg to start Alice's grace", TimeSpan.FromSeconds(2.5), async () => (await roster.FindAsync(roomId, alicePeer))?.AwaySince is not null);

            // Past the moment her grace would have ended.
            Assert.False(await bob.PeerLeft.ArrivesWithinAsync(Grace + TimeSpan.FromSeconds(1), m => m.PeerId == aliceId));
            var member = await roster.FindAsync(roomId, alicePeer);
            Assert.NotNull(member);
            Assert.Null(member.AwaySince);

            var (dave, _, joined) = await sbg.JoinNewPeerAsync(room, "Dave");
            await using (dave)
            {
                Assert.Contains(aliceId, joined.Peers.Select(p => p.PeerId));
            }
        }
    }

    // Every server beats seldom and sweeps often (every 100 ms in tests), so the test can act between two
    // beats; the grace is longer than a beat interval, as it is in production.
    private static MeetingServerFactory Server(string site, StandaloneRedis redis)
        => SharedStateServers.Create(site, redis.Options())
            .With("Meeting:Redis:KeyPrefix", "lapse")
            .With("Meeting:Redis:HeartbeatInterval", "00:00:03")
            .With("Meeting:Redis:ServerDeadAfter", "00:00:06")
            .With("Meeting:Rooms:ReconnectGrace", Grace.ToString("c", CultureInfo.InvariantCulture));

    private static async Task<string?> HeartbeatAsync(StandaloneRedis redis, string servers, string serverId)
        => (await QueryAsync(redis, new RedisCommand("HGET", servers, serverId))).AsString();

    private static Task<RedisReply> QueryAsync(StandaloneRedis redis, RedisCommand command)
        => RedisProbe.QueryAsync(redis.Address, StandaloneRedis.Password, command);
}
