using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Meeting.Kit.Tests.Infrastructure;
using Meeting.Testing.Processes;
using Meeting.Testing.Redis;

namespace Meeting.Kit.Tests;

/// <summary>What the front door lets the public reach: the real Caddy with caddy/Caddyfile.local in front of a
/// stand-in site that answers everything, asked as an outsider would. The production Caddyfile imports the
/// same proxy file; its adapted configuration is checked for the same refusal.</summary>
public sealed class CaddyfileExposureTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("meeting-caddy-");

    [Fact]
    public async Task LocalFrontDoor_Answers404ForMetricsAndStats_AndProxiesTheRest()
    {
        await using var site = CannedHealthServer.Start(200, "{\"status\":\"healthy\"}");
        var front = FreePort.Next();
        using var caddy = StartCaddy(front, site.Url.Authority);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var baseUrl = new Uri($"http://127.0.0.1:{front}/");
        await WaitUntilProxyingAsync(http, baseUrl, caddy);

        foreach (var path in new[] { "metrics", "METRICS", "metrics/", "api/stats", "api/Stats", "api/stats/rooms" })
        {
            var response = await http.GetAsync(new Uri(baseUrl, path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"/{path} answered {(int)response.StatusCode} through Caddy");
        }

        var health = await http.GetAsync(new Uri(baseUrl, "health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(site.Url.Authority, Assert.Single(health.Headers.GetValues("X-Meeting-Upstream")));
    }

    [Fact]
    public async Task ProductionCaddyfile_Answers404ForMetricsAndStats()
    {
        var result = await ShellCommand.RunAsync(
            "caddy",
            ["adapt", "--config", Path.Combine(RepositoryPaths.Root, "Caddyfile"), "--adapter", "caddyfile"],
            Timeout,
            _home.FullName,
            Environment(new()
            {
                ["MEETING_PUBLIC_NAME"] = "meet.example.com",
                ["MEETING_ACME_EMAIL"] = "ops@example.com",
                ["MEETING_GRA_UPSTREAM"] = "127.0.0.2:5000",
                ["MEETING_SBG_UPSTREAM"] = "127.0.0.3:5000",
            }));
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var config = JsonDocument.Parse(json[..(json.LastIndexOf('}') + 1)]);

        var refused = Descendants(config.RootElement)
            .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("match", out _) && e.TryGetProperty("handle", out _))
            .Where(route => route.GetProperty("handle").EnumerateArray().Any(h => h.GetProperty("handler").GetString() == "static_response"
                && h.TryGetProperty("status_code", out var code) && code.ToString() == "404"))
            .SelectMany(route => route.GetProperty("match").EnumerateArray())
            .SelectMany(match => match.TryGetProperty("path", out var paths) ? paths.EnumerateArray().Select(p => p.GetString()) : [])
            .ToArray();
        Assert.Contains("/metrics", refused);
        Assert.Contains("/api/stats", refused);
        Assert.Contains("/api/stats/*", refused);
    }

    public void Dispose() => _home.Delete(recursive: true);

    private CaddyRun StartCaddy(int frontPort, string upstream)
        => CaddyRun.Start(Path.Combine(RepositoryPaths.Root, "caddy", "Caddyfile.local"), _home.FullName, Environment(new()
        {
            ["MEETING_FRONT_PORT"] = frontPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MEETING_CADDY_ADMIN"] = $"127.0.0.1:{FreePort.Next()}",
            ["MEETING_GRA_UPSTREAM"] = upstream,
            ["MEETING_SBG_UPSTREAM"] = upstream,
        }));

    /// <summary>Until the stand-in site has passed Caddy's first health probe.</summary>
    private static async Task WaitUntilProxyingAsync(HttpClient http, Uri baseUrl, CaddyRun caddy)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Timeout)
        {
            Assert.False(caddy.HasExited, "caddy exited");
            try
            {
                if ((await http.GetAsync(new Uri(baseUrl, "health/ready"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Caddy did not proxy to the stand-in site.");
    }

    private Dictionary<string, string?> Environment(Dictionary<string, string?> values)
    {
        values["XDG_CONFIG_HOME"] = Path.Combine(_home.FullName, "config");
        values["XDG_DATA_HOME"] = Path.Combine(_home.FullName, "data");
        return values;
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
