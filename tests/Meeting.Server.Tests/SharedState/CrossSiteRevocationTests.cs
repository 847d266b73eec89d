using System.Net;
using Meeting.Server.Tests.Sessions;

namespace Meeting.Server.Tests.SharedState;

/// <summary>A session revoked at one site stops working on the connections it holds at the other.</summary>
[Collection(SharedStateCollection.Name)]
public sealed class CrossSiteRevocationTests
{
    private readonly SharedStateServers _sites;

    public CrossSiteRevocationTests(SharedStateServers sites) => _sites = sites;

    [Fact]
    public async Task Revoke_AtOneSite_ClosesTheSessionsConnectionsAtTheOther()
    {
        var room = TestRooms.Unique();
        var stolen = await _sites.Gra.CreateSessionAsync();
        var attacker = await _sites.Sbg.ConnectClientAsync(stolen.Token);
        var (_, bob) = await _sites.Gra.ConnectNewClientAsync();
        await using (attacker)
        await using (bob)
        {
            await attacker.JoinAsync(room, "Mallory");
            await bob.JoinAsync(room, "Bob");

            Assert.Equal(HttpStatusCode.NoContent, await SessionRevocationTests.RevokeAsync(_sites.Gra, stolen.Token));

            await attacker.Closed.WaitAsync(TimeSpan.FromSeconds(10));
            await SessionRevocationTests.AssertRefusedAsync(() => attacker.ChatAsync("after revocation"));
            Assert.False(await bob.Chat.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300), m => m.Text == "after revocation"));
        }
    }
}
