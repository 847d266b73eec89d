using Meeting.Kit.Tests.Infrastructure;

namespace Meeting.Kit.Tests;

/// <summary>The kit's servers run with exactly the settings the site's systemd unit gives a real host's server,
/// so the local kit and the deployment share one source of truth: sites/&lt;site&gt;/site.env.</summary>
[Collection(KitCollection.Name)]
public sealed class KitServerSettingsTests
{
    /// <summary>What the kit adds for a machine where every client is 127.0.0.1 (the Redis drill issues thousands of sessions).</summary>
    private static readonly string[] KitOnlyArguments = ["--Meeting:Sessions:IssuePerMinutePerAddress=1000000", "--Meeting:Limits:ConnectionsPerAddress=100000"];

    private readonly KitFixture _kit;

    public KitServerSettingsTests(KitFixture kit) => _kit = kit;

    [Theory]
    [InlineData("gra")]
    [InlineData("sbg")]
    public async Task KitServer_RunsWithTheArgumentsAndSecretsTheSystemdUnitGivesIt(string site)
    {
        await _kit.EnsureUpAsync();
        var env = _kit.Kit.Site(site);
        var password = (await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, env["REDIS_PASSWORD_FILE"]))).Trim();
        var unit = await SystemdExecStart.EvaluateAsync(RepositoryPaths.Site(site, "systemd", "meeting-server.service"), env, password);

        var pid = _kit.Kit.ServerPid(site);
        var running = KitScript.ReadCommandLine(pid);
        var unitSettings = unit.Arguments.Where(IsSetting).ToArray();
        var kitSettings = running.Where(IsSetting).ToArray();
        Assert.NotEmpty(unitSettings);
        Assert.Equal(unitSettings, kitSettings.Except(KitOnlyArguments));
        Assert.Equal("/opt/meeting/app/Meeting.Server.dll", unit.Arguments[0]);

        var environment = KitScript.ReadEnvironment(pid);
        foreach (var name in new[] { "Meeting__Redis__Password", "Meeting__Redis__SentinelPassword" })
        {
            Assert.Equal(password, unit.Environment[name]);
            Assert.True(environment.TryGetValue(name, out var value) && value == password, $"the kit's {site} server has no {name} from the shared secret");
        }

        Assert.DoesNotContain(running, argument => argument.Contains(password, StringComparison.Ordinal));
    }

    private static bool IsSetting(string argument)
        => argument.StartsWith("--urls=", StringComparison.Ordinal) || argument.StartsWith("--Meeting:", StringComparison.Ordinal);
}
