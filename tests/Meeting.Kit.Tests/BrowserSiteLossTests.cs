using System.Diagnostics;
using System.Globalization;
using Meeting.Kit.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Meeting.Kit.Tests;

/// <summary>
/// Losing GRA under real browsers, on the real kit: Chromium pages in one room through Caddy (at GRA), video
/// flowing between them, then GRA's server killed (SIGKILL). Without a reload every page reconnects through
/// Caddy to SBG, rejoins as the same peer, keeps the others' tiles and names, and decodes their video again.
/// The test prints when, after the kill, signalling and media were back (see <see cref="FailoverFigures"/>).
/// </summary>
[Collection(KitCollection.Name)]
public sealed class BrowserSiteLossTests
{
    private static readonly string[] Names = ["Alice", "Bob", "Carol"];

    /// <summary>Decoded frames that show video is flowing, not just a keyframe (the fake camera runs at ~30 fps).</summary>
    private const long FramesGrowth = 30;

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How long to keep watching for a renegotiation to settle and video to follow it.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    private readonly KitFixture _kit;
    private readonly ITestOutputHelper _output;

    public BrowserSiteLossTests(KitFixture kit, ITestOutputHelper output)
    {
        _kit = kit;
        _output = output;
    }

    [Fact]
    public async Task GraKilled_BrowsersRejoinThroughSbgWithoutAReload_AsThemselves_AndDecodeEachOthersVideoAgain()
    {
        await _kit.EnsureUpAsync();
        var room = TestRooms.Unique("browser");
        var killed = false;
        await using var chromium = await KitChromium.LaunchAsync();
        var peers = new List<BrowserPeer>();
        try
        {
            foreach (var name in Names)
            {
                peers.Add(await BrowserPeer.OpenAsync(chromium.Browser, KitScript.FrontUrl, room, name, _output));
            }

            foreach (var peer in peers)
            {
                await peer.JoinAsync(room);
            }

            var ids = new Dictionary<BrowserPeer, string>();
            foreach (var peer in peers)
            {
                ids[peer] = await peer.PeerIdAsync();
            }

            Assert.Equal(peers.Count, ids.Values.Distinct().Count());
            await AssertEveryoneSeesEveryoneAsync(peers, ids);
            await AssertVideoFlowsEverywhereAsync(peers, ids);
            Assert.True(await ConnectionsAsync(_kit.Kit.Gra.ServerUrl) >= peers.Count, "the pages are not all connected to GRA");

            // The same tiles and the same document afterwards: a reconnect, not a leave and a join, and no reload
            // (the client may rewrite its address with the history API, which Playwright also counts as navigating).
            var navigations = peers.ToDictionary(p => p, p => p.MainFrameNavigations);
            foreach (var peer in peers)
            {
                await peer.Page.EvaluateAsync("() => { window.__kitBeforeKill = true; }");
                foreach (var other in peers.Where(o => o != peer))
                {
                    await peer.RemoteTile(ids[other]).EvaluateAsync("tile => { tile.dataset.mark = 'before-kill'; }");
                }

                await peer.StartRecordingAsync(SampleInterval);
            }

            await Task.Delay(TimeSpan.FromSeconds(1)); // samples from before the kill
            var gra = _kit.Kit.ServerPid("gra");
            var killedAt = UnixMilliseconds();
            var kill = Stopwatch.StartNew();
            killed = true;
            await Signals.SendAsync(gra, "KILL");
            _output.WriteLine($"SIGKILL GRA's server (pid {gra}) took {kill.ElapsedMilliseconds} ms to send");

            foreach (var peer in peers)
            {
                await Expect(peer.ConnectionState).ToHaveAttributeAsync(
                    "data-state", "reconnected", new() { Timeout = (float)BrowserPeer.StepTimeout.TotalMilliseconds });
            }

            var rejoined = kill.Elapsed;
            await AssertVideoFlowsEverywhereAsync(peers, ids);
            var videoAgain = kill.Elapsed;

            var figures = await WaitForSettledFiguresAsync(peers, ids, killedAt);
            _output.WriteLine($"after the kill: every page reconnected (seen by polling) by {rejoined.TotalMilliseconds:0} ms, {FramesGrowth} more frames of every peer by {videoAgain.TotalMilliseconds:0} ms");
            _output.WriteLine(figures.Describe());
            _output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"browser failover ({peers.Count} pages): signalling back {figures.SignallingBackMs:0} ms, renegotiated {(figures.RenegotiatedMs is { } r ? r.ToString("0", CultureInfo.InvariantCulture) + " ms" : "never")}, media back {figures.MediaBackMs:0} ms, longest video stall {figures.LongestStallMs:0} ms"));

            Assert.Equal("sbg", await KitScript.FrontSiteAsync(_kit.Http));
            Assert.True(await ConnectionsAsync(_kit.Kit.Sbg.ServerUrl) >= peers.Count, "the pages are not all connected to SBG");
            foreach (var peer in peers)
            {
                Assert.Equal("reconnected", await peer.StateAsync());
                Assert.Equal(ids[peer], await peer.PeerIdAsync());
                Assert.True(await peer.Page.EvaluateAsync<bool>("() => window.__kitBeforeKill === true"), $"{peer.DisplayName}'s page was reloaded");
                Assert.Equal(navigations[peer], peer.MainFrameNavigations);
                foreach (var other in peers.Where(o => o != peer))
                {
                    await Expect(peer.RemoteTile(ids[other])).ToHaveAttributeAsync("data-mark", "before-kill");
                    await Expect(peer.RemoteTile(ids[other]).Locator(".tile-name")).ToHaveTextAsync(other.DisplayName);
                }
            }

            Assert.True(figures.MediaBackMs < double.PositiveInfinity, "video did not come back after the failover:\n" + figures.Describe());
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }

            if (killed)
            {
                await RestoreGraAsync();
            }
        }
    }

    private static async Task AssertEveryoneSeesEveryoneAsync(IReadOnlyList<BrowserPeer> peers, IReadOnlyDictionary<BrowserPeer, string> ids)
    {
        foreach (var viewer in peers)
        {
            foreach (var other in peers.Where(o => o != viewer))
            {
                await Expect(viewer.RemoteTile(ids[other]).Locator(".tile-name")).ToHaveTextAsync(other.DisplayName);
            }
        }
    }

    /// <summary>Every page decodes every other page's video: framesDecoded grows by <see cref="FramesGrowth"/> from now.</summary>
    private static async Task AssertVideoFlowsEverywhereAsync(IReadOnlyList<BrowserPeer> peers, IReadOnlyDictionary<BrowserPeer, string> ids)
    {
        var start = new Dictionary<(BrowserPeer, BrowserPeer), long>();
        foreach (var viewer in peers)
        {
            foreach (var sender in peers.Where(s => s != viewer))
            {
                start[(viewer, sender)] = await viewer.WaitForFramesDecodedAsync(ids[sender], 1);
            }
        }

        foreach (var ((viewer, sender), frames) in start)
        {
            await viewer.WaitForFramesDecodedAsync(ids[sender], frames + FramesGrowth);
        }
    }

    /// <summary>Keeps recording until every pair's video has been decoded after its renegotiation (bounded), then
    /// stops the recorders and computes the figures.</summary>
    private async Task<FailoverFigures> WaitForSettledFiguresAsync(IReadOnlyList<BrowserPeer> peers, IReadOnlyDictionary<BrowserPeer, string> ids, double killedAt)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var figures = await SnapshotAsync(peers, ids, killedAt, stop: false);
            if (figures.Pairs.All(p => p.MediaBackMs is not null) || watch.Elapsed > SettleTimeout)
            {
                // Half a second more: a renegotiation that starts late still shows in the history.
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                return await SnapshotAsync(peers, ids, killedAt, stop: true);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static async Task<FailoverFigures> SnapshotAsync(IReadOnlyList<BrowserPeer> peers, IReadOnlyDictionary<BrowserPeer, string> ids, double killedAt, bool stop)
    {
        var pages = new List<FailoverFigures.RecordedPage>();
        foreach (var peer in peers)
        {
            var recording = stop ? await peer.StopRecordingAsync() : await peer.PeekRecordingAsync();
            pages.Add(new FailoverFigures.RecordedPage(peer.DisplayName, ids[peer], await peer.LocalStreamIdsAsync(), recording));
        }

        return FailoverFigures.Compute(killedAt, pages);
    }

    /// <summary>Brings GRA back as the kit does (<c>./kit up</c> starts only what is not running) and waits until
    /// Caddy routes to it again, so the tests after this one find the kit whole.</summary>
    private async Task RestoreGraAsync()
    {
        var watch = Stopwatch.StartNew();
        var up = await _kit.Kit.UpAsync("--no-build");
        Assert.True(up.ExitCode == 0, "./kit up did not bring GRA back:\n" + up);
        var ready = watch.Elapsed;
        await _kit.WaitUntilFrontRoutesToAsync("gra");
        _output.WriteLine($"GRA restored with ./kit up: ready after {ready.TotalMilliseconds:0} ms, Caddy routes to it after {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>The hub connections one server holds itself (<c>/api/stats</c>).</summary>
    private async Task<int> ConnectionsAsync(Uri server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var body = System.Text.Json.JsonDocument.Parse(await _kit.Http.GetStringAsync(new Uri(server, "api/stats"), timeout.Token));
        return body.RootElement.GetProperty("connections").GetInt32();
    }

    private static double UnixMilliseconds() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
}
