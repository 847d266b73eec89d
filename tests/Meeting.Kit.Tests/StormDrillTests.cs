using System.Text.RegularExpressions;
using Meeting.Kit.Tests.Infrastructure;

namespace Meeting.Kit.Tests;

/// <summary><c>kit drill storm</c> end to end, small: a hundred clients through Caddy at GRA, GRA killed, all of
/// them back in their rooms at SBG within the bound; GRA restored and in Caddy's rotation afterwards.</summary>
[Collection(KitCollection.Name)]
public sealed partial class StormDrillTests
{
    private readonly KitFixture _kit;

    public StormDrillTests(KitFixture kit) => _kit = kit;

    [Fact]
    public async Task StormDrill_OfAHundredClients_BringsEveryoneBackToTheirRoomsAtSbg_AndLeavesGraServing()
    {
        await _kit.EnsureUpAsync();
        var before = _kit.Kit.ServerPid("gra");

        var drill = await _kit.Kit.RunAsync(TimeSpan.FromMinutes(3), "drill", "storm", "--clients", "100");

        Assert.True(drill.ExitCode == 0, drill.ToString());
        Assert.Contains("PASS", drill.Output, StringComparison.Ordinal);
        Assert.Contains("back: 100/100 clients, rooms whole: 20/20", drill.Output, StringComparison.Ordinal);
        var storm = StormTime().Match(drill.Output);
        Assert.True(storm.Success, drill.ToString());
        Assert.InRange(int.Parse(storm.Groups["ms"].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 5000);
        Assert.NotEqual(before, _kit.Kit.ServerPid("gra"));
        Assert.Equal("gra", await KitScript.FrontSiteAsync(_kit.Http));
    }

    [Fact]
    public async Task StormDrill_WithABadOption_IsRefused()
    {
        await _kit.EnsureUpAsync();
        var before = _kit.Kit.ServerPid("gra");

        var drill = await _kit.Kit.RunAsync(TimeSpan.FromMinutes(2), "drill", "storm", "--clients", "many");

        Assert.Equal(2, drill.ExitCode);
        Assert.Contains("bad option: --clients many", drill.Output, StringComparison.Ordinal);
        Assert.Equal(before, _kit.Kit.ServerPid("gra"));
    }

    [GeneratedRegex(@"storm time \(SIGKILL -> last client back in its room\): (?<ms>\d+) ms")]
    private static partial Regex StormTime();
}
