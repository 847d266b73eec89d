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
        var (aliceSession, alice) = await _sites.Gra.ConnectNewAsync();
        var (_, bob) = await _sites.Sbg.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");

            _sites.Topology.InitialMaster.Kill();

            // Until the sentinels promote the replica, a call either works or is refused as unavailable.
            var delivered = false;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            for (var i = 0; !delivered && DateTime.UtcNow < deadline; i++)
            {
                var text = $"after the failover {i}";
                try
                {
                    await alice.InvokeAsync("Chat", [text], TimeSpan.FromSeconds(10));
                    delivered = await bob.ReceivesWithinAsync("Chat", TimeSpan.FromSeconds(1), m => m.GetProperty("text").GetString() == text);
                }
                catch (HubCallException error)
                {
                    Assert.Equal("unavailable", error.Code);
                    await Task.Delay(200);
                }
            }

            Assert.True(delivered, "chat never crossed sites again after the master was killed");
            Assert.NotEqual(_sites.Topology.InitialMaster.Address, await _sites.Topology.CurrentMasterAsync());

            await using var aliceAgain = await _sites.Sbg.ConnectAsync(aliceSession.Token);
            var rejoin = await aliceAgain.InvokeAsync("Join", room, "Alice");
            Assert.Equal(aliceSession.PeerId, rejoin.GetProperty("peerId").GetString());
            Assert.Contains("Bob", rejoin.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("displayName").GetString()));
        }
    }
}
