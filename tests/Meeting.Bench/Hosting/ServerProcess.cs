using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Meeting.Bench.Bare;
using Meeting.Bench.Clients;
using Meeting.Testing.Processes;
using SharedServerProcess = Meeting.Testing.Processes.ServerProcess;

namespace Meeting.Bench.Hosting;

/// <summary>
/// The server under load: either a <c>Meeting.Server.dll</c> this bench starts as a separate process through the
/// shared runner (<see cref="SharedServerProcess"/>, which kills it by its id when done, whatever happened) or one
/// that is already running.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly SharedServerProcess? _started;
    private readonly Process? _attached;

    private ServerProcess(SharedServerProcess? started, Process? attached, string description)
    {
        _started = started;
        _attached = attached;
        Description = description;
    }

    public Uri BaseUrl { get; private init; } = new("http://127.0.0.1/");

    /// <summary>The process whose memory and CPU are read; null for a server this bench cannot see.</summary>
    public int? Pid => _started?.Pid ?? _attached?.Id;

    public string Description { get; }

    /// <summary>Warning and error lines the server printed (its log level is Warning).</summary>
    public int Warnings => _started?.Warnings ?? 0;

    /// <summary>Starts the server built next to this bench (or, for the bare hub, this bench's own dll as a
    /// server), on a port the kernel picks, and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(BenchOptions options, HubTarget target, HttpClient http, CancellationToken cancellationToken = default)
    {
        var (dll, configuration, projectDirectory) = target.UsesSessions ? LocateServer() : LocateBench();
        var environment = new Dictionary<string, string>();
        var built = BuiltGc(LocateServer().Dll);
        switch (options.Gc)
        {
            case "default" when !target.UsesSessions:
                // The bare hub runs in this bench's dll, so it is told the GC the meeting server is built with.
                environment["DOTNET_gcServer"] = built.Server ? "1" : "0";
                environment["DOTNET_gcConcurrent"] = built.Concurrent ? "1" : "0";
                break;
            case "server":
                environment["DOTNET_gcServer"] = "1";
                break;
            case "workstation":
                environment["DOTNET_gcServer"] = "0";
                break;
        }

        foreach (var (name, value) in options.ServerEnvironment)
        {
            environment[name] = value;
        }

        var gc = (options.Gc == "default" ? (target.UsesSessions ? "GC as built" : $"{built.Name} GC, as the meeting server is built") : options.Gc + " GC")
            + string.Concat(options.ServerEnvironment.Select(e => $", {e.Key}={e.Value}"));

        // The content root, as with `dotnet run`: appsettings.json and wwwroot are read from the project.
        var started = await SharedServerProcess.StartAsync(
            new ServerProcessOptions(dll, projectDirectory, target.UsesSessions ? [.. ServerArguments(options)] : [BareHubHost.Argument, "--urls=http://127.0.0.1:0"])
            {
                Environment = [.. environment],
                ReadyTimeout = StartTimeout,
                KillEntireTree = true,
            },
            http,
            cancellationToken);
        return new ServerProcess(started, null, $"started: dotnet {Path.GetRelativePath(Environment.CurrentDirectory, dll)} ({configuration}, {gc})")
        {
            BaseUrl = started.BaseUrl,
        };
    }

    /// <summary>A server someone else runs; its memory and CPU are read only when its process id is given.</summary>
    public static async Task<ServerProcess> AttachAsync(Uri url, int? pid, HttpClient http, CancellationToken cancellationToken = default)
    {
        var attached = pid is { } id ? Process.GetProcessById(id) : null;
        var server = new ServerProcess(null, attached, $"attached: {url}" + (pid is null ? " (no --server-pid: memory and CPU not read)" : string.Empty))
        {
            BaseUrl = url,
        };
        await WaitReadyAsync(http, url, cancellationToken);
        return server;
    }

    /// <summary>The server's resident set (<c>VmRSS</c> in <c>/proc/&lt;pid&gt;/status</c>) in bytes.</summary>
    public long? ReadRssBytes() => Pid is { } pid ? ProcStatus.ReadRssBytes(pid) : null;

    /// <summary>CPU time (user + system) the server has used so far.</summary>
    public TimeSpan? ReadCpuTime()
    {
        if (_started is not null)
        {
            return _started.ReadCpuTime();
        }

        if (_attached is null)
        {
            return null;
        }

        _attached.Refresh();
        return _attached.HasExited ? null : _attached.TotalProcessorTime;
    }

    public bool HasExited => _started?.HasExited ?? false;

    /// <summary>The last lines the server printed, for a failure report.</summary>
    public string Tail(int lines = 20) => _started?.Tail(lines) ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        _attached?.Dispose();
        if (_started is not null)
        {
            await _started.DisposeAsync();
        }
    }

    /// <summary>Kills the started server at once; for process exit paths that cannot await.</summary>
    public void KillNow() => _started?.Kill();

    /// <summary>Configuration overrides: limits that would throttle a benchmark are raised, logs kept to warnings.</summary>
    internal static IEnumerable<string> ServerArguments(BenchOptions options) =>
    [
        "--urls=http://127.0.0.1:0",
        "--Meeting:Limits:MessagesPerSecond=1000000",
        "--Meeting:Limits:MessageBurst=1000000",
        "--Meeting:Sessions:IssuePerMinutePerAddress=1000000",
        // Every bench connection comes from one of a few loopback addresses.
        "--Meeting:Limits:ConnectionsPerAddress=1000000",
        $"--Meeting:Rooms:MaxPeersPerRoom={Math.Max(16, options.RoomSize)}",
        "--Meeting:Site:Name=bench",
        // A free UDP port, not the default one, which another server on this machine may hold: the
        // server stays unready while its media port is not bound.
        "--Meeting:Media:Port=0",
        "--Serilog:MinimumLevel:Default=Warning",
        "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Warning",
        // Kept at Information for the one line that tells which port the kernel picked.
        "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Information",
    ];

    private static (string Dll, string Configuration, string ProjectDirectory) LocateBench()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        return (Path.Combine(AppContext.BaseDirectory, "Meeting.Bench.dll"), configuration, AppContext.BaseDirectory);
    }

    /// <summary>The GC a build asks for in its <c>runtimeconfig.json</c> (the SDK writes the csproj's
    /// <c>ServerGarbageCollection</c> and <c>ConcurrentGarbageCollection</c> there); the runtime's defaults
    /// where it says nothing.</summary>
    private static (bool Server, bool Concurrent, string Name) BuiltGc(string dll)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var p) ? p : default;
        bool Read(string name, bool otherwise)
            => properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var value) ? value.GetBoolean() : otherwise;
        var server = Read("System.GC.Server", otherwise: false);
        var concurrent = Read("System.GC.Concurrent", otherwise: true);
        return (server, concurrent, (server ? "server" : "workstation") + (concurrent ? "" : " non-concurrent"));
    }

    private static (string Dll, string Configuration, string ProjectDirectory) LocateServer()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var build = ServerBuild.Locate(configuration);
        return (build.Dll, configuration, build.ContentRoot);
    }

    private static async Task WaitReadyAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var ready = new Uri(baseUrl, "/health/ready");
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(ready, timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"{ready} did not answer 200 within {StartTimeout.TotalSeconds:0} s.");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The HttpClient's own timeout: try again.
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{ready} did not answer 200 within {StartTimeout.TotalSeconds:0} s.");
            }
        }
    }
}
