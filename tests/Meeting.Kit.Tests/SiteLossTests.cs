using System.Diagnostics;
using Meeting.Kit.Tests.Infrastructure;

namespace Meeting.Kit.Tests;

/// <summary>
/// Losing GRA under clients connected through Caddy, on the real kit: GRA's server killed (SIGKILL), or hung
/// (SIGSTOP). The clients come back through Caddy at SBG with their sessions, peer ids and room; an observer
/// connected to SBG sees them reconnect, never leave. When GRA is back, a newcomer lands there and shares one
/// room with the peers at SBG: Signal crosses the two servers both ways.
/// </summary>
[Collection(KitCollection.Name)]
public sealed class SiteLossTests
{
    /// <summary>Past <c>Meeting:Redis:ServerDeadAfter</c> (10 s) the dead server's places are swept.</summary>
    private static readonly TimeSpan PastServerDeadAfter = TimeSpan.FromSeconds(12);

    private readonly KitFixture _kit;

    public SiteLossTests(KitFixture kit) => _kit = kit;

    [Fact]
    public async Task GraKilled_ClientsRejoinThroughSbgAsThemselves_AndANewcomerAtGraSharesTheirRoom()
    {
        await _kit.EnsureUpAsync();
        var room = TestRooms.Unique("killed");
        await using var observer = await KitPeer.JoinAsync(_kit.Http, _kit.Kit.Sbg.ServerUrl, room, "Observer");
        await using var alice = await KitPeer.JoinAsync(_kit.Http, KitScript.FrontUrl, room, "Alice");
        await using var bob = await KitPeer.JoinAsync(_kit.Http, KitScript.FrontUrl, room, "Bob");
        Assert.Equal(("sbg", "gra", "gra"), (observer.Site, alice.Site, bob.Site));
        await observer.WaitForPeerJoinedAsync(alice);
        await observer.WaitForPeerJoinedAsync(bob);

        var killed = Stopwatch.StartNew();
        await Signals.SendAsync(_kit.Kit.ServerPid("gra"), "KILL");

        // Caddy closes the clients' WebSockets as soon as GRA's end is gone.
        await alice.Client.Closed.WaitAsync(KitPeer.StepTimeout);
        await bob.Client.Closed.WaitAsync(KitPeer.StepTimeout);
        await RejoinAtSbgAsync(room, observer, alice, bob);

        Assert.True((await _kit.Kit.UpAsync("--no-build")).ExitCode == 0, "./kit up did not bring GRA back");
        await _kit.WaitUntilFrontRoutesToAsync("gra");
        await using var carol = await NewcomerAtGraSharesTheRoomAsync(room, observer, alice, bob);

        // The dead server's places are swept once it is known dead; the peers who came back keep theirs.
        var rest = PastServerDeadAfter - killed.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }

        await carol.SignalAsync(alice, "after-sweep");
        await bob.SignalAsync(carol, "after-sweep");
        foreach (var peer in new[] { alice, bob })
        {
            Assert.False(await observer.SawPeerLeftAsync(peer), $"the observer saw {peer.DisplayName} leave");
            Assert.False(await carol.SawPeerLeftAsync(peer), $"the newcomer saw {peer.DisplayName} leave");
        }
    }

    [Fact]
    public async Task GraHung_ClientsThatGiveUpOnItRejoinThroughSbg_AndAfterItResumesANewcomerAtGraSharesTheirRoom()
    {
        await _kit.EnsureUpAsync();
        var room = TestRooms.Unique("hung");
        await using var observer = await KitPeer.JoinAsync(_kit.Http, _kit.Kit.Sbg.ServerUrl, room, "Observer");
        await using var alice = await KitPeer.JoinAsync(_kit.Http, KitScript.FrontUrl, room, "Alice");
        await using var bob = await KitPeer.JoinAsync(_kit.Http, KitScript.FrontUrl, room, "Bob");
        Assert.Equal(("sbg", "gra", "gra"), (observer.Site, alice.Site, bob.Site));
        await observer.WaitForPeerJoinedAsync(alice);
        await observer.WaitForPeerJoinedAsync(bob);

        var gra = _kit.Kit.ServerPid("gra");
        await Signals.SendAsync(gra, "STOP");
        try
        {
            // A hung server closes nothing: the browser notices by its own server timeout and reconnects.
            // Here the clients give up at once; Caddy's health check must steer their retries to SBG.
            await RejoinAtSbgAsync(room, observer, alice, bob);

            var probe = await _kit.Kit.ProbeAsync(_kit.Kit.Gra.ServerUrl, timeoutSeconds: 1);
            Assert.True(probe.ExitCode == 2, probe.ToString());
        }
        finally
        {
            await Signals.SendAsync(gra, "CONT");
        }

        await _kit.WaitUntilFrontRoutesToAsync("gra");
        await using var carol = await NewcomerAtGraSharesTheRoomAsync(room, observer, alice, bob);
        foreach (var peer in new[] { alice, bob })
        {
            Assert.False(await observer.SawPeerLeftAsync(peer), $"the observer saw {peer.DisplayName} leave");
        }
    }

    private static async Task RejoinAtSbgAsync(string room, KitPeer observer, params KitPeer[] movers)
    {
        foreach (var mover in movers)
        {
            var again = await mover.RejoinAsync(KitScript.FrontUrl, room, TimeSpan.FromSeconds(20));
            Assert.Equal("sbg", again.Site);
            Assert.Equal(mover.PeerId, again.PeerId);
            Assert.Equal(room, again.Room);
            Assert.Contains(observer.PeerId, mover.RosterPeerIds);
            await observer.WaitForPeerReconnectedAsync(mover);
        }

        foreach (var mover in movers)
        {
            Assert.False(await observer.SawPeerLeftAsync(mover), $"the observer saw {mover.DisplayName} leave");
            Assert.False(await observer.SawPeerJoinedAsync(mover), $"the observer saw {mover.DisplayName} join anew");
        }
    }

    private async Task<KitPeer> NewcomerAtGraSharesTheRoomAsync(string room, KitPeer observer, params KitPeer[] movers)
    {
        var carol = await KitPeer.JoinAsync(_kit.Http, KitScript.FrontUrl, room, "Carol");
        try
        {
            Assert.Equal("gra", carol.Site);
            Assert.Equal(new[] { observer.PeerId }.Concat(movers.Select(m => m.PeerId)).ToHashSet(), carol.RosterPeerIds);
            foreach (var peer in movers.Append(observer))
            {
                await peer.WaitForPeerJoinedAsync(carol);
            }

            foreach (var mover in movers)
            {
                await carol.SignalAsync(mover, "offer");
                await mover.SignalAsync(carol, "answer");
            }

            return carol;
        }
        catch
        {
            await carol.DisposeAsync();
            throw;
        }
    }
}
