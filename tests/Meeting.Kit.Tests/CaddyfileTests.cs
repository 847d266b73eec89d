using System.Text.Json;
using Meeting.Kit.Tests.Infrastructure;
using Meeting.Testing.Processes;

namespace Meeting.Kit.Tests;

/// <summary>Both Caddyfiles against the Caddy this machine runs (Debian's 2.6.2): a directive it does not know
/// fails here, not at deployment. A missing caddy fails these tests.</summary>
public sealed class CaddyfileTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("meeting-caddy-");

    [Fact]
    public async Task LocalCaddyfile_IsValid()
    {
        var result = await CaddyAsync("validate", "caddy/Caddyfile.local", []);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Valid configuration", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionCaddyfile_IsValid_WithItsEnvironmentSet()
    {
        var result = await CaddyAsync("validate", "Caddyfile", new Dictionary<string, string?>
        {
            ["MEETING_PUBLIC_NAME"] = "meet.example.com",
            ["MEETING_ACME_EMAIL"] = "ops@example.com",
            ["MEETING_GRA_UPSTREAM"] = SiteEnv.Load("gra")["SITE_HTTP_BIND"],
            ["MEETING_SBG_UPSTREAM"] = SiteEnv.Load("sbg")["SITE_HTTP_BIND"],
        });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Valid configuration", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalCaddyfile_ByDefault_SendsToTheSitesHttpBinds_GraFirst_CheckingReadiness()
    {
        var result = await CaddyAsync("adapt", "caddy/Caddyfile.local", []);
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var config = JsonDocument.Parse(json[..(json.LastIndexOf('}') + 1)]);
        var proxy = Descendants(config.RootElement).Single(e => e.ValueKind == JsonValueKind.Object
            && e.TryGetProperty("handler", out var handler) && handler.GetString() == "reverse_proxy");

        var dials = proxy.GetProperty("upstreams").EnumerateArray().Select(u => u.GetProperty("dial").GetString()!).ToArray();
        Assert.Equal([SiteEnv.Load("gra")["SITE_HTTP_BIND"], SiteEnv.Load("sbg")["SITE_HTTP_BIND"]], dials);
        Assert.Equal("first", proxy.GetProperty("load_balancing").GetProperty("selection_policy").GetProperty("policy").GetString());
        Assert.Equal("/health/ready", proxy.GetProperty("health_checks").GetProperty("active").GetProperty("uri").GetString());
    }

    public void Dispose() => _home.Delete(recursive: true);

    private Task<CommandResult> CaddyAsync(string verb, string caddyfile, Dictionary<string, string?> environment)
    {
        // Caddy keeps its state under XDG_*: a private folder, so tests never touch the user's. Variables
        // not given are removed, so the Caddyfile's own defaults apply.
        environment["XDG_CONFIG_HOME"] = Path.Combine(_home.FullName, "config");
        environment["XDG_DATA_HOME"] = Path.Combine(_home.FullName, "data");
        foreach (var name in new[] { "MEETING_FRONT_PORT", "MEETING_GRA_UPSTREAM", "MEETING_SBG_UPSTREAM", "MEETING_CADDY_ADMIN" })
        {
            environment.TryAdd(name, null);
        }

        return ShellCommand.RunAsync(
            "caddy",
            [verb, "--config", Path.Combine(RepositoryPaths.Root, caddyfile), "--adapter", "caddyfile"],
            Timeout,
            _home.FullName,
            environment);
    }

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
