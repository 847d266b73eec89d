using System.Net.Http.Json;
using System.Text.Json;

namespace Meeting.Server.Tests.SharedState;

[Collection(SharedStateCollection.Name)]
public sealed class RosterCountTests
{
    private readonly SharedStateServers _sites;

    public RosterCountTests(SharedStateServers sites) => _sites = sites;

    [Fact]
    public async Task Stats_FollowJoinsLeavesAndExpiredGraces_ExactlyAtEitherSite()
    {
        // A prefix of its own, so the counts are this test's alone although the collection shares Redis.
        var prefix = "count" + Guid.NewGuid().ToString("N")[..8];
        await using var gra = SharedStateServers.Create("gra", _sites.Topology.Options()).With("Meeting:Redis:KeyPrefix", prefix)
            .With("Meeting:Rooms:ReconnectGrace", "00:00:00.300");
        await using var sbg = SharedStateServers.Create("sbg", _sites.Topology.Options()).With("Meeting:Redis:KeyPrefix", prefix)
            .With("Meeting:Rooms:ReconnectGrace", "00:00:00.300");
        var first = TestRooms.Unique();
        var second = TestRooms.Unique();
        var (_, alice) = await gra.ConnectNewClientAsync();
        var (_, bob) = await sbg.ConnectNewClientAsync();
        var (_, carol) = await sbg.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(first, "Alice");
            await bob.JoinAsync(first, "Bob");
            await bob.JoinAsync(first, "Bob");
            await carol.JoinAsync(second, "Carol");
            Assert.Equal((2, 3), await StatsAsync(gra));
            Assert.Equal((2, 3), await StatsAsync(sbg));

            await bob.LeaveAsync();
            Assert.Equal((2, 2), await StatsAsync(gra));

            carol.Abort();
            await carol.DisposeAsync();
            await Eventually.SucceedsAsync(async () => Assert.Equal((1, 1), await StatsAsync(sbg)));
        }
    }

    private static async Task<(int Rooms, int Peers)> StatsAsync(MeetingServerFactory server)
    {
        using var http = server.CreateClient();
        var stats = await http.GetFromJsonAsync<JsonElement>("/api/stats").WaitAsync(TimeSpan.FromSeconds(10));
        return (stats.GetProperty("rooms").GetInt32(), stats.GetProperty("peers").GetInt32());
    }
}
