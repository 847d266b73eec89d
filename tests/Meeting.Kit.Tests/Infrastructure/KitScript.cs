using System.Globalization;
using Meeting.Testing.Processes;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// The <c>./kit</c> script of the checkout, run as a user runs it (default addresses, state in <c>.kit/</c>),
/// and what the tests need to know about the processes it started.
/// </summary>
internal sealed class KitScript
{
    /// <summary>Caddy's front door with the kit's defaults.</summary>
    public static readonly Uri FrontUrl = new("http://127.0.0.1:8080/");

    /// <summary>Bound on <c>./kit up</c>, which may have to build the server first.</summary>
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    public SiteEnv Gra { get; } = SiteEnv.Load("gra");

    public SiteEnv Sbg { get; } = SiteEnv.Load("sbg");

    public SiteEnv Site(string site) => site switch
    {
        "gra" => Gra,
        "sbg" => Sbg,
        _ => throw new ArgumentOutOfRangeException(nameof(site), site, "gra or sbg"),
    };

    public Task<CommandResult> UpAsync(params string[] options) => RunAsync(UpTimeout, ["up", .. options]);

    public Task<CommandResult> DownAsync() => RunAsync(CommandTimeout, ["down"]);

    public Task<CommandResult> ProbeAsync(Uri url, int timeoutSeconds = 3)
        => RunAsync(TimeSpan.FromSeconds(timeoutSeconds + 10), ["probe", "--timeout", timeoutSeconds.ToString(CultureInfo.InvariantCulture), url.ToString()]);

    public Task<CommandResult> RunAsync(TimeSpan timeout, params string[] arguments)
        => ShellCommand.RunAsync("bash", [RepositoryPaths.Kit, .. arguments], timeout, RepositoryPaths.Root);

    /// <summary>The PID the kit recorded for a site's meeting server, checked against the live process.</summary>
    public int ServerPid(string site)
    {
        var file = Path.Combine(RepositoryPaths.KitState, site, "server.pid");
        var pid = int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
        var commandLine = ReadCommandLine(pid);
        if (!commandLine.Any(part => part.EndsWith("Meeting.Server.dll", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"PID {pid} in {file} is not a meeting server: {string.Join(' ', commandLine)}");
        }

        return pid;
    }

    public static IReadOnlyList<string> ReadCommandLine(int pid)
        => File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    public static IReadOnlyDictionary<string, string> ReadEnvironment(int pid)
        => File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);

    /// <summary>PIDs from the kit's PID files whose processes still run: a kit someone left up.</summary>
    public static IReadOnlyList<string> RunningComponents()
    {
        if (!Directory.Exists(RepositoryPaths.KitState))
        {
            return [];
        }

        return Directory.EnumerateFiles(RepositoryPaths.KitState, "*.pid", SearchOption.AllDirectories)
            .Where(file => int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid)
                && File.Exists($"/proc/{pid}/cmdline")
                && File.ReadAllText($"/proc/{pid}/cmdline").Length > 0)
            .Select(file => Path.GetRelativePath(RepositoryPaths.Root, file))
            .ToArray();
    }

    /// <summary>Which site Caddy sends requests to right now, from the upstream caddy/Caddyfile.local names in
    /// <c>X-Meeting-Upstream</c> (the public <c>/health</c> no longer says); null when none answers.</summary>
    public static async Task<string?> FrontSiteAsync(HttpClient http)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var response = await http.GetAsync(new Uri(FrontUrl, "health/ready"), timeout.Token);
            var upstream = response.Headers.TryGetValues("X-Meeting-Upstream", out var values) ? values.FirstOrDefault() : null;
            return new[] { "gra", "sbg" }.FirstOrDefault(site => SiteEnv.Load(site)["SITE_HTTP_BIND"] == upstream);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }
}
