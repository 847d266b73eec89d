using Meeting.Server.Tests.SharedState;

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
}
