using System.Globalization;
using System.Net;
using Meeting.Testing.Processes;

namespace Meeting.Backplane.Bench.Hosting;

/// <summary>
/// One site's <c>Meeting.Server</c>, started through the shared runner (<see cref="ServerProcess"/>) on a loopback
/// address of its own: ready once <c>/health/ready</c> answers 200, and killed by its process id, nothing else.
/// </summary>
internal sealed class SiteServer : IAsyncDisposable
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    private const int MaxStartAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Logged once per session when no replica acknowledges it; expected with a lone redis-server.</summary>
    private const string NoReplicaWarning = "was not acknowledged by a replica";

    private readonly ServerProcess _process;

    private SiteServer(ServerProcess process, string site)
    {
        _process = process;
        Site = site;
    }

    public string Site { get; }

    /// <summary><c>http://127.0.0.x:port/</c>.</summary>
    public Uri BaseUrl => _process.BaseUrl;

    public Uri HubUrl => new UriBuilder(BaseUrl) { Scheme = "ws", Path = "hubs/meeting" }.Uri;

    public int Pid => _process.Pid;

    public bool HasExited => _process.HasExited;

    /// <summary>Warning, error and fatal lines the server printed, apart from the expected "no replica" ones.</summary>
    public int Warnings => _process.Warnings;

    /// <summary>Sessions stored without a replica's acknowledgement: one per session, expected here.</summary>
    public int NoReplicaWarnings => _process.ExpectedWarnings;

    /// <summary>Starts the server for <paramref name="site"/> on <paramref name="address"/> and a free port, and waits
    /// until it is ready; a port someone took in between is retried with another.</summary>
    public static async Task<SiteServer> StartAsync(
        ServerBuild build,
        string site,
        IPAddress address,
        IReadOnlyList<string> settings,
        IReadOnlyList<KeyValuePair<string, string>> environment,
        HttpClient http,
        CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        for (var attempt = 0; attempt < MaxStartAttempts; attempt++)
        {
            var port = LoopbackPort.Next(address);
            var baseUrl = new Uri($"http://{address}:{port.ToString(CultureInfo.InvariantCulture)}/");
            var options = new ServerProcessOptions(
                build.Dll,
                build.RepositoryRoot,
                ["--contentRoot", build.ContentRoot, "--urls", baseUrl.GetLeftPart(UriPartial.Authority), $"--Meeting:Site:Name={site}", $"--Meeting:Site:PublicIp={address}", .. settings])
            {
                BaseUrl = baseUrl,
                Environment = environment,
                ReadyTimeout = ReadyTimeout,
                ReadyAttemptTimeout = TimeSpan.FromSeconds(2),
                ExpectedWarning = NoReplicaWarning,
                TailLines = 40,
            };
            try
            {
                return new SiteServer(await ServerProcess.StartAsync(options, http, cancellationToken), site);
            }
            catch (InvalidOperationException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{baseUrl}: {ex.Message}");
            }
        }

        throw new InvalidOperationException($"The {site} server did not become ready: {string.Join(" | ", failures)}");
    }

    /// <summary>The last lines it printed.</summary>
    public string Tail(int lines = 40) => _process.Tail(lines);

    /// <summary>Kills the process by its id (SIGKILL) if it still runs; safe to call more than once and from any thread.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
