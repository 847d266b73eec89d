using Meeting.Testing;

namespace Meeting.Server.Tests.SharedState;

/// <summary>Kills the Redis master under a meeting; has a topology of its own, since it changes it.</summary>
public sealed class MasterFailoverTests : IClassFixture<SharedStateServers>
{
    private readonly SharedStateServers _sites;

    public MasterFailoverTests(SharedStateServers sites) => _sites = sites;

    [Fact]
    public async Task MasterKill_DuringAMeeting_KeepsSessionsAndTheRoom_AndCallsFailOnlyWithAClearCode()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _sites.Gra.ConnectNewClientAsync();
        var (_, bob) = await _sites.Sbg.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            _sites.Topology.InitialMaster.Kill();

            // Until the sentinels promote the replica, a call either works or is refused as unavailable.
            var delivered = false;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            for (var i = 0; !delivered && DateTime.UtcNow < deadline; i++)
            {
                var text = $"after the failover {i}";
                try
                {
                    await alice.ChatAsync(text);
                    delivered = await bob.Chat.ArrivesWithinAsync(TimeSpan.FromSeconds(1), m => m.Text == text);
                }
                catch (HubCallException error)
                {
                    Assert.Equal("unavailable", error.Code);
                    await Task.Delay(200);
                }
            }

            Assert.True(delivered, "chat never crossed sites again after the master was killed");
            Assert.NotEqual(_sites.Topology.InitialMaster.Address, await _sites.Topology.CurrentMasterAsync());

            await using var aliceAgain = await _sites.Sbg.ConnectClientAsync(aliceSession.Token);
            var rejoin = await aliceAgain.JoinAsync(room, "Alice");
            Assert.Equal(aliceSession.PeerId, rejoin.PeerId);
            Assert.Contains("Bob", rejoin.Peers.Select(p => p.DisplayName));
        }
    }
}
