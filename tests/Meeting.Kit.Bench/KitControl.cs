using System.Diagnostics;
using System.Globalization;
using System.Text;
using Meeting.Testing.Processes;

namespace Meeting.Kit.Bench;

/// <summary>
/// What the storm needs of the running kit: the PIDs it recorded in <c>.kit/</c> (each checked against the
/// process's command line before it is signalled), which site Caddy routes to, and <c>./kit up --no-build</c>
/// to bring back what the storm killed. Touches no process the kit did not record.
/// </summary>
internal sealed class KitControl
{
    private const string ServerMarker = "Meeting.Server.dll";
    private const string CaddyMarker = "Caddyfile.local";
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http;

    public KitControl(string root, Uri front, HttpClient http)
    {
        Root = root;
        Front = front;
        _http = http;
    }

    public string Root { get; }

    public Uri Front { get; }

    /// <summary>The checkout holding <c>Meeting.sln</c> and <c>kit</c>, above the working directory or the bench's own folder.</summary>
    public static string? FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Meeting.sln")) && File.Exists(Path.Combine(dir.FullName, "kit")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The PID the kit recorded for a site's meeting server, or null when that server is not running.</summary>
    public int? ServerPid(string site) => RecordedPid(Path.Combine(site, "server.pid"), ServerMarker);

    public int? CaddyPid() => RecordedPid(Path.Combine("caddy", "caddy.pid"), CaddyMarker);

    /// <summary>Which site Caddy sends requests to right now, from the upstream caddy/Caddyfile.local names in
    /// <c>X-Meeting-Upstream</c> (the public <c>/health</c> no longer says); null when none answers.</summary>
    public async Task<string?> FrontSiteAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var response = await _http.GetAsync(new Uri(Front, "health/ready"), timeout.Token);
            var upstream = response.Headers.TryGetValues("X-Meeting-Upstream", out var values) ? values.FirstOrDefault() : null;
            return new[] { "gra", "sbg" }.FirstOrDefault(site => upstream is not null && HttpBind(site) == upstream);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>SITE_HTTP_BIND from sites/&lt;site&gt;/site.env, where the kit started that site's server.</summary>
    private string? HttpBind(string site)
        => File.ReadLines(Path.Combine(Root, "sites", site, "site.env"))
            .Where(line => line.StartsWith("SITE_HTTP_BIND=", StringComparison.Ordinal))
            .Select(line => line["SITE_HTTP_BIND=".Length..])
            .FirstOrDefault();

    /// <summary>Waits until Caddy routes to <paramref name="site"/>; returns how long that took, or null past <paramref name="within"/>.</summary>
    public async Task<TimeSpan?> WaitUntilFrontRoutesToAsync(string site, TimeSpan within, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (await FrontSiteAsync(cancellationToken) != site)
        {
            if (watch.Elapsed > within)
            {
                return null;
            }

            await Task.Delay(50, cancellationToken);
        }

        return watch.Elapsed;
    }

    /// <summary>SIGKILL, as a crashed host or an OOM kill does (Process.Kill sends SIGKILL on Linux).</summary>
    public static void Kill(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }

    /// <summary><c>./kit up --no-build</c>: starts only what is not running. Returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> UpAsync(CancellationToken cancellationToken)
    {
        var result = await ShellCommand.RunAsync("bash", [Path.Combine(Root, "kit"), "up", "--no-build"], UpTimeout, Root, cancellationToken: cancellationToken);
        return (result.ExitCode, result.Output);
    }

    private int? RecordedPid(string relativePidFile, string marker)
    {
        var file = Path.Combine(Root, ".kit", relativePidFile);
        if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return commandLine.Any(part => part.EndsWith(marker, StringComparison.Ordinal)) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
