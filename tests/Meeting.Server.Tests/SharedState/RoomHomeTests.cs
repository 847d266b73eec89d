using Meeting.Server.Domain;
using Meeting.Server.Rooms;
using Meeting.Testing.Hub;
using Microsoft.Extensions.DependencyInjection;

namespace Meeting.Server.Tests.SharedState;

[Collection(SharedStateCollection.Name)]
public sealed class RoomHomeTests
{
    private readonly SharedStateServers _sites;

    // Clients that keep the test rooms non-empty; their connections end with the fixture's servers.
    private readonly List<MeetingHubClient> _holders = [];

    public RoomHomeTests(SharedStateServers sites) => _sites = sites;

    private IRoomHomes GraHomes => _sites.Gra.Services.GetRequiredService<IRoomHomes>();

    private IRoomHomes SbgHomes => _sites.Sbg.Services.GetRequiredService<IRoomHomes>();

    [Fact]
    public async Task TheFirstServerToTouchARoom_BecomesItsHome_AndTheOtherSiteSeesTheSameHome()
    {
        // The holder's Join at GRA is the first touch.
        var room = await RoomWithAPeerAsync();

        var atGra = await GraHomes.ClaimOrGetAsync(room);
        var atSbg = await SbgHomes.ClaimOrGetAsync(room);

        Assert.False(atGra.Claimed);
        Assert.Equal("gra", atGra.Home.Site);
        Assert.True(GraHomes.HomedHere >= 1);
        Assert.False(atSbg.Claimed);
        Assert.Equal(atGra.Home, atSbg.Home);
    }

    [Fact]
    public async Task AHandedOverRoom_IsTakenOverWithAHigherEpoch_AndTheOldHomeIsFencedOut()
    {
        var room = await RoomWithAPeerAsync();
        var first = await GraHomes.ClaimOrGetAsync(room);

        // A stale copy of the old lease, as a paused or partitioned server would still hold it.
        await GraHomes.ReleaseAllAsync();
        var takeover = await SbgHomes.ClaimOrGetAsync(room);

        Assert.True(takeover.Claimed);
        Assert.Equal("sbg", takeover.Home.Site);
        Assert.True(takeover.Home.Epoch > first.Home.Epoch);
        Assert.Equal(takeover.Home, (await GraHomes.ClaimOrGetAsync(room)).Home);
    }

    [Fact]
    public async Task Renewal_ReportsARoomWhoseHomeMovedElsewhere()
    {
        var room = await RoomWithAPeerAsync();
        await GraHomes.ClaimOrGetAsync(room);
        await using var redis = await Meeting.Redis.RedisClient.ConnectAsync(_sites.Topology.Options());

        // Another server, still alive, took the room over while this one was cut off (its lease lapsed).
        var sbg = _sites.Sbg.Services.GetRequiredService<Meeting.Server.Observability.ServiceInfo>().ServerId;
        await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("SET", $"test:room:{{{room.Value}}}:home", $"{sbg}|sbg|999"));

        Assert.Contains(room, await GraHomes.RenewAsync());
        Assert.Equal(sbg, (await GraHomes.ClaimOrGetAsync(room)).Home.ServerId);
    }

    [Fact]
    public async Task Renewal_OfALeaseThatLapsedWithNobodyTakingOver_KeepsTheRoomHere_AtTheSameEpoch()
    {
        var room = await RoomWithAPeerAsync();
        var home = (await GraHomes.ClaimOrGetAsync(room)).Home;
        await using var redis = await Meeting.Redis.RedisClient.ConnectAsync(_sites.Topology.Options());

        // The lease ran out while the home was paused (SIGSTOP) or Redis was away; no other server claimed it.
        await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("DEL", $"test:room:{{{room.Value}}}:home"));

        Assert.DoesNotContain(room, await GraHomes.RenewAsync());
        var renewed = (await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("GET", $"test:room:{{{room.Value}}}:home"))).AsString();
        Assert.Equal($"{home.ServerId}|gra|{home.Epoch}", renewed);
        var ttl = (await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("PTTL", $"test:room:{{{room.Value}}}:home"))).AsInt64();
        Assert.InRange(ttl, 1, (long)TimeSpan.FromSeconds(6).TotalMilliseconds);
    }

    [Fact]
    public async Task Renewal_OfALeaseThatLapsedAndWasClaimedSince_IsFencedOut()
    {
        var room = await RoomWithAPeerAsync();
        await GraHomes.ClaimOrGetAsync(room);
        await using var redis = await Meeting.Redis.RedisClient.ConnectAsync(_sites.Topology.Options());

        // Another server claimed the room while the lease was gone, and the room has since lost that home too.
        await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("DEL", $"test:room:{{{room.Value}}}:home"));
        await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("INCR", $"test:room:{{{room.Value}}}:epoch"));

        Assert.Contains(room, await GraHomes.RenewAsync());
    }

    [Fact]
    public async Task Renewal_RenewsEveryRoomHomedHere_AndIsDerivedFromTheLease()
    {
        var rooms = new List<RoomId>();
        for (var i = 0; i < 5; i++)
        {
            var room = await RoomWithAPeerAsync();
            Assert.Equal(_sites.Gra.Services.GetRequiredService<Meeting.Server.Observability.ServiceInfo>().ServerId, (await GraHomes.ClaimOrGetAsync(room)).Home.ServerId);
            rooms.Add(room);
        }

        await using var redis = await Meeting.Redis.RedisClient.ConnectAsync(_sites.Topology.Options());
        foreach (var room in rooms)
        {
            await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("PEXPIRE", $"test:room:{{{room.Value}}}:home", 1000000));
        }

        Assert.DoesNotContain(await GraHomes.RenewAsync(), rooms.Contains);
        foreach (var room in rooms)
        {
            var ttl = (await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("PTTL", $"test:room:{{{room.Value}}}:home"))).AsInt64();
            Assert.InRange(ttl, 1, (long)TimeSpan.FromSeconds(6).TotalMilliseconds);
        }

        Assert.Equal(TimeSpan.FromSeconds(2), GraHomes.RenewInterval);
    }

    [Fact]
    public async Task ARoomWhoseHomeServerHoldsNoRedisConnection_IsTakenOverAtOnce_WithANewerEpoch()
    {
        var room = await RoomWithAPeerAsync();
        await using var redis = await Meeting.Redis.RedisClient.ConnectAsync(_sites.Topology.Options());

        // A killed server's lease outlives it by up to HomeLease, but its connections close with the process.
        await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("SET", $"test:room:{{{room.Value}}}:home", "gone-server|gra|41", "PX", "60000"));
        var claim = await SbgHomes.ClaimOrGetAsync(room);

        Assert.True(claim.Claimed);
        Assert.Equal("sbg", claim.Home.Site);
        Assert.NotEqual("gone-server", claim.Home.ServerId);
    }

    [Fact]
    public async Task ANewJoinerAtGra_JoinsTheRoomWhereItLivesAtSbg_SoFailBackDoesNotSplitIt()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _sites.Sbg.ConnectNewClientAsync();
        var (bobSession, bob) = await _sites.Gra.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            var aliceJoin = await alice.JoinAsync(room, "Alice");
            var bobJoin = await bob.JoinAsync(room, "Bob");

            Assert.Equal("sbg", aliceJoin.Home.Site);
            Assert.Equal("sbg", bobJoin.Home.Site);
            Assert.Equal(aliceJoin.Home.Epoch, bobJoin.Home.Epoch);
            await alice.SignalAsync(bobSession.PeerId, new { candidate = "one room" });
            Assert.Equal("one room", (await bob.Signal.NextAsync()).Payload.GetProperty("candidate").GetString());
        }
    }

    [Fact]
    public async Task ATakeover_TellsEveryPeerWhereTheRoomNowLives()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _sites.Sbg.ConnectNewClientAsync();
        var (_, bob) = await _sites.Gra.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            var before = (await alice.JoinAsync(room, "Alice")).Home;
            Assert.Equal("sbg", before.Site);

            // SBG hands its rooms over, as it does while draining; GRA is the next server to touch the room.
            await SbgHomes.ReleaseAllAsync();
            var after = (await bob.JoinAsync(room, "Bob")).Home;

            Assert.Equal("gra", after.Site);
            Assert.Equal(before.Epoch + 1, after.Epoch);
            var told = await alice.RoomHomeChanged.NextAsync();
            Assert.Equal("gra", told.Site);
            Assert.Equal(after.Epoch, told.Epoch);
        }
    }

    [Fact]
    public async Task PeersStillConnectedToARoomWhoseHomeIsGone_AreToldItMovedToTheirServer_WithoutAnyoneJoining()
    {
        var name = TestRooms.Unique();
        Assert.True(RoomId.TryParse(name, out var room));
        var (_, bob) = await _sites.Gra.ConnectNewClientAsync();
        var (_, alice) = await _sites.Sbg.ConnectNewClientAsync();
        await using (alice)
        {
            await using (bob)
            {
                Assert.Equal("gra", (await bob.JoinAsync(name, "Bob")).Home.Site);
                Assert.Equal("gra", (await alice.JoinAsync(name, "Alice")).Home.Site);
            }

            // GRA's server dies under the room: its lease lingers, but its Redis connections are gone.
            // Alice stays connected to SBG the whole time and never joins again.
            await using var redis = await Meeting.Redis.RedisClient.ConnectAsync(_sites.Topology.Options());
            var home = $"test:room:{{{room.Value}}}:home";
            var epoch = (await GraHomes.ClaimOrGetAsync(room)).Home.Epoch;
            await redis.ExecuteAsync(new Meeting.Redis.RedisCommand("SET", home, $"gone-server|gra|{epoch}", "PX", "60000"));

            var told = await alice.RoomHomeChanged.NextAsync();

            Assert.Equal("sbg", told.Site);
            Assert.True(told.Epoch > epoch);
            Assert.True(SbgHomes.IsHomedHere(room));
        }
    }

    private async Task<RoomId> RoomWithAPeerAsync()
    {
        var name = TestRooms.Unique();
        var (_, client) = await _sites.Gra.ConnectNewClientAsync();
        await client.JoinAsync(name, "Holder");
        _holders.Add(client);
        Assert.True(RoomId.TryParse(name, out var room));
        return room;
    }
}
