using Meeting.Server.Domain;
using Meeting.Server.Rooms;
using Meeting.Server.Tests.SharedState;
using Microsoft.Extensions.DependencyInjection;

namespace Meeting.Server.Tests.Rooms;

/// <summary>Room access across the two sites sharing a real Redis (behind Sentinel): the host at GRA, its
/// guests at SBG, so every knock, answer, removal and host change crosses servers.</summary>
[Collection(SharedStateCollection.Name)]
public sealed class RedisRoomAccessTests : RoomAccessSpecification
{
    private readonly SharedStateServers _sites;

    public RedisRoomAccessTests(SharedStateServers sites) => _sites = sites;

    protected override ServerPair Servers => new(_sites.Gra, _sites.Sbg, owned: false);

    protected override ServerPair NewServers(params (string Key, string Value)[] settings)
    {
        // A prefix of their own: these servers' settings differ from the collection's.
        var prefix = "access" + Guid.NewGuid().ToString("N")[..8];
        var gra = SharedStateServers.Create("gra", _sites.Topology.Options()).With("Meeting:Redis:KeyPrefix", prefix);
        var sbg = SharedStateServers.Create("sbg", _sites.Topology.Options()).With("Meeting:Redis:KeyPrefix", prefix);
        foreach (var (key, value) in settings)
        {
            gra.With(key, value);
            sbg.With(key, value);
        }

        return new ServerPair(gra, sbg, owned: true);
    }

    [Fact]
    public async Task RemovedPeer_WhoseConnectionIsAtTheOtherSite_IsNotPutBackByAReconcile()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _sites.Gra.ConnectNewClientAsync();
        var (bobSession, bob) = await _sites.Sbg.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            await alice.RemovePeerAsync(bobSession.PeerId);
            await bob.RemovedFromRoom.NextAsync();
            await alice.PeerLeft.NextAsync();

            // What SBG's sweeper does after an outage: put its live connections back into their rooms.
            var roster = _sites.Sbg.Services.GetRequiredService<IRoomRoster>();
            await roster.ReconcileAsync(_sites.Sbg.Services.GetRequiredService<ILiveRoomMembers>().Snapshot());

            Assert.True(RoomId.TryParse(room, out var roomId));
            Assert.Null(await roster.FindAsync(roomId, new PeerId(bobSession.PeerId)));
            Assert.Empty((await alice.JoinAsync(room, "Alice")).Peers);
        }
    }
}
