using System.Globalization;
using System.Text.RegularExpressions;
using Meeting.Kit.Tests.Infrastructure;

namespace Meeting.Kit.Tests;

/// <summary><c>kit drill chaos</c> end to end, once per fault: every fault of the matrix under three clients
/// chatting through Caddy, with nothing acknowledged lost, nobody wrongly removed, no split room and no
/// unhandled exception in the servers' logs, and the kit healthy again afterwards.</summary>
[Collection(KitCollection.Name)]
public sealed partial class ChaosDrillTests
{
    private static readonly string[] Faults =
        ["gra-kill", "gra-stop", "sbg-kill", "master-kill", "master-stop", "data-down", "sentinel-kill", "gra-flap", "failover"];

    private readonly KitFixture _kit;

    public ChaosDrillTests(KitFixture kit) => _kit = kit;

    [Fact]
    public async Task ChaosDrill_OfEveryFaultOnce_LosesNothingAcknowledged_RemovesNobody_SplitsNoRoom_AndLogsNoException()
    {
        await _kit.EnsureUpAsync();

        // About three and a half minutes on a quiet machine: each fault is bounded, and so is the drill.
        var drill = await _kit.Kit.RunAsync(TimeSpan.FromMinutes(12), "drill", "chaos", "--repeat", "1");

        Assert.True(drill.ExitCode == 0, drill.ToString());
        Assert.Contains("PASS", drill.Output, StringComparison.Ordinal);
        var rows = Row().Matches(drill.Output).ToDictionary(m => m.Groups["fault"].Value);
        foreach (var fault in Faults)
        {
            Assert.True(rows.TryGetValue(fault, out var row), $"no table row for {fault}:\n{drill}");
            Assert.Equal("1", row.Groups["runs"].Value);
            Assert.InRange(int.Parse(row.Groups["p95"].Value, CultureInfo.InvariantCulture), 1, 90_000);
            foreach (var zero in new[] { "lost", "removed", "split", "unhandled", "failed" })
            {
                Assert.True(row.Groups[zero].Value == "0", $"{fault}: {zero} = {row.Groups[zero].Value}\n{drill}");
            }
        }

        Assert.Equal("gra", await KitScript.FrontSiteAsync(_kit.Http));
        var status = await _kit.Kit.RunAsync(TimeSpan.FromSeconds(30), "status");
        Assert.True(status.ExitCode == 0, status.ToString());
    }

    [Fact]
    public async Task ChaosDrill_OfAnUnknownFault_IsRefusedBeforeAnythingIsTouched()
    {
        var drill = await _kit.Kit.RunAsync(TimeSpan.FromSeconds(10), "drill", "chaos", "--faults", "gra-kill,meteor");

        Assert.NotEqual(0, drill.ExitCode);
        Assert.Contains("unknown fault 'meteor'", drill.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^ +(?<fault>[a-z-]+) +.+? +(?<runs>\d+) +(?<p50>\d+) +(?<p95>\d+) +(?<lost>\d+) +(?<dups>\d+) +(?<removed>\d+) +(?<split>\d+) +(?<unhandled>\d+) +(?<failed>\d+)$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
