using System.Text.RegularExpressions;
using Meeting.Kit.Tests.Infrastructure;

namespace Meeting.Kit.Tests;

/// <summary><c>kit drill site gra</c> end to end, once: it passes on a healthy kit, prints its figures —
/// signalling and media back — and leaves GRA running and in Caddy's rotation.</summary>
[Collection(KitCollection.Name)]
public sealed partial class KitDrillTests
{
    private readonly KitFixture _kit;

    public KitDrillTests(KitFixture kit) => _kit = kit;

    [Fact]
    public async Task SiteDrill_OnAHealthyKit_PassesWithinItsBound_AndLeavesGraServing()
    {
        await _kit.EnsureUpAsync();
        var before = _kit.Kit.ServerPid("gra");

        var drill = await _kit.Kit.RunAsync(TimeSpan.FromMinutes(2), "drill", "site", "gra");

        Assert.True(drill.ExitCode == 0, drill.ToString());
        Assert.Contains("PASS", drill.Output, StringComparison.Ordinal);
        var back = SignallingBack().Match(drill.Output);
        Assert.True(back.Success, drill.ToString());
        Assert.InRange(int.Parse(back.Groups["p95"].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 3000);
        var media = MediaBack().Match(drill.Output);
        Assert.True(media.Success, drill.ToString());
        Assert.InRange(int.Parse(media.Groups["p95"].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 15000);
        Assert.NotEqual(before, _kit.Kit.ServerPid("gra"));
        Assert.Equal("gra", await KitScript.FrontSiteAsync(_kit.Http));
    }

    [Fact]
    public async Task SiteDrill_OfSbg_IsRefused()
    {
        var drill = await _kit.Kit.RunAsync(TimeSpan.FromSeconds(10), "drill", "site", "sbg");

        Assert.NotEqual(0, drill.ExitCode);
        Assert.Contains("only 'gra'", drill.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"signalling back \(SIGKILL -> in room at sbg\) +(?<p50>\d+) ms +(?<p95>\d+) ms")]
    private static partial Regex SignallingBack();

    // SBG's announced media address, sites/sbg/site.env's SITE_PUBLIC_IP and SITE_MEDIA_UDP_PORT.
    [GeneratedRegex(@"media back \(SIGKILL -> video again via 127\.0\.0\.3:41000\) +(?<p50>\d+) ms +(?<p95>\d+) ms")]
    private static partial Regex MediaBack();
}
