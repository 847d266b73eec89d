using System.Text.Json.Nodes;
using Meeting.Kit.Tests.Infrastructure;
using Meeting.Testing.Processes;
using Meeting.Testing.Redis;

namespace Meeting.Kit.Tests;

/// <summary><c>kit probe</c>: one status line and the Nagios exit code, 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
/// The degraded reports are the kit's real <c>/health</c> answer with its status changed.</summary>
[Collection(KitCollection.Name)]
public sealed class KitProbeTests
{
    private readonly KitFixture _kit;

    public KitProbeTests(KitFixture kit) => _kit = kit;

    [Fact]
    public async Task Probe_OfAHealthySite_IsOk_AndNamesTheSiteAndItsRedisMaster()
    {
        await _kit.EnsureUpAsync();
        var probe = await _kit.Kit.ProbeAsync(_kit.Kit.Gra.ServerUrl);

        Assert.True(probe.ExitCode == 0, probe.ToString());
        var line = Assert.Single(Lines(probe));
        Assert.StartsWith("MEETING OK - gra healthy; redis master ", line, StringComparison.Ordinal);
        Assert.Contains("sentinels 3/3", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_ThroughCaddy_GetsTheStatusOnly()
    {
        await _kit.EnsureUpAsync();
        var probe = await _kit.Kit.ProbeAsync(KitScript.FrontUrl);

        Assert.True(probe.ExitCode == 0, probe.ToString());
        var line = Assert.Single(Lines(probe));
        Assert.StartsWith("MEETING OK - healthy (status only", line, StringComparison.Ordinal);
        Assert.DoesNotContain("redis", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_OfNothingListening_IsCritical()
    {
        var probe = await _kit.Kit.ProbeAsync(new Uri($"http://127.0.0.1:{FreePort.Closed()}/"));

        Assert.True(probe.ExitCode == 2, probe.ToString());
        Assert.Contains("unreachable", Assert.Single(Lines(probe)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_OfAnUnhealthyReportWith503_IsCritical()
    {
        var report = await RealReportAsync();
        report["status"] = "unhealthy";
        report["checks"]!["redis"]!["status"] = "unhealthy";
        report["checks"]!["redis"]!["description"] = "the Redis master is unreachable";
        await using var server = CannedHealthServer.Start(503, report.ToJsonString());

        var probe = await _kit.Kit.ProbeAsync(server.Url);

        Assert.True(probe.ExitCode == 2, probe.ToString());
        Assert.Contains("MEETING CRITICAL - gra unhealthy (HTTP 503): redis: the Redis master is unreachable", Assert.Single(Lines(probe)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_OfADegradedReport_IsWarning()
    {
        var report = await RealReportAsync();
        report["status"] = "degraded";
        report["checks"]!["redis"]!["status"] = "degraded";
        report["checks"]!["redis"]!["description"] = "the Redis master is unreachable; waiting for it to come back";
        await using var server = CannedHealthServer.Start(200, report.ToJsonString());

        var probe = await _kit.Kit.ProbeAsync(server.Url);

        Assert.True(probe.ExitCode == 1, probe.ToString());
        Assert.StartsWith("MEETING WARNING - gra degraded: redis: the Redis master is unreachable", Assert.Single(Lines(probe)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_OfAHealthyReportMissingASentinel_IsWarning()
    {
        var report = await RealReportAsync();
        report["checks"]!["redis"]!["data"]!["sentinelsReachable"] = 2;
        await using var server = CannedHealthServer.Start(200, report.ToJsonString());

        var probe = await _kit.Kit.ProbeAsync(server.Url);

        Assert.True(probe.ExitCode == 1, probe.ToString());
        Assert.Contains("only 2 of 3 sentinels answer", Assert.Single(Lines(probe)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_OfSomethingThatIsNotAMeetingServer_IsUnknown()
    {
        await using var server = CannedHealthServer.Start(404, "not found", "text/plain");

        var probe = await _kit.Kit.ProbeAsync(server.Url);

        Assert.True(probe.ExitCode == 3, probe.ToString());
        Assert.StartsWith("MEETING UNKNOWN - ", Assert.Single(Lines(probe)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_WithoutAUrl_IsUnknown()
    {
        var probe = await _kit.Kit.RunAsync(TimeSpan.FromSeconds(10), "probe");

        Assert.True(probe.ExitCode == 3, probe.ToString());
        Assert.StartsWith("MEETING UNKNOWN - usage", Assert.Single(Lines(probe)), StringComparison.Ordinal);
    }

    private async Task<JsonNode> RealReportAsync()
    {
        await _kit.EnsureUpAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var body = await _kit.Http.GetStringAsync(new Uri(_kit.Kit.Gra.ServerUrl, "health"), timeout.Token);
        return JsonNode.Parse(body)!;
    }

    private static string[] Lines(CommandResult result) => result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
