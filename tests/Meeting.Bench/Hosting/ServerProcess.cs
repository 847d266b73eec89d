using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Meeting.Bench.Bare;
using Meeting.Bench.Clients;

namespace Meeting.Bench.Hosting;

/// <summary>
/// The server under load: either a <c>Meeting.Server.dll</c> this bench starts as a separate process
/// (and kills by its id when done, whatever happened) or one that is already running.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private const int TailLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process? _process;
    private readonly Process? _attached;
    private readonly Queue<string> _tail = new();
    private readonly Lock _tailGate = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _warnings;

    private ServerProcess(Process? process, Process? attached, string description)
    {
        _process = process;
        _attached = attached;
        Description = description;
    }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The process whose memory and CPU are read; null for a server this bench cannot see.</summary>
    public int? Pid => (_process ?? _attached)?.Id;

    public string Description { get; }

    /// <summary>Warning and error lines the server printed (its log level is Warning).</summary>
    public int Warnings => Volatile.Read(ref _warnings);

    /// <summary>Starts the server built next to this bench (or, for the bare hub, this bench's own dll as a
    /// server), on a port the kernel picks, and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(BenchOptions options, HubTarget target, HttpClient http, CancellationToken cancellationToken = default)
    {
        var (dll, configuration, projectDirectory) = target.UsesSessions ? LocateServer() : LocateBench();
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root, as with `dotnet run`: appsettings.json and wwwroot are read from the project.
            WorkingDirectory = projectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in target.UsesSessions ? ServerArguments(options) : [BareHubHost.Argument, "--urls=http://127.0.0.1:0"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        switch (options.Gc)
        {
            case "default" when !target.UsesSessions:
                // The meeting server is built with Server GC and this bench is not: the bare hub runs in
                // this bench's dll, so it is told what the meeting server has by default.
                start.Environment["DOTNET_gcServer"] = "1";
                break;
            case "server":
                start.Environment["DOTNET_gcServer"] = "1";
                break;
            case "workstation":
                start.Environment["DOTNET_gcServer"] = "0";
                break;
        }

        foreach (var (name, value) in options.ServerEnvironment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var gc = (options.Gc == "default" ? (target.UsesSessions ? "GC as built" : "server GC, as the meeting server is built") : options.Gc + " GC")
            + string.Concat(options.ServerEnvironment.Select(e => $", {e.Key}={e.Value}"));
        var server = new ServerProcess(process, null, $"started: dotnet {Path.GetRelativePath(Environment.CurrentDirectory, dll)} ({configuration}, {gc})");
        process.OutputDataReceived += (_, e) => server.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnOutput(e.Data);
        process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException("The server exited during start-up."));
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start dotnet.");
        }

        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            server.BaseUrl = await server._listening.Task.WaitAsync(StartTimeout, cancellationToken);
            await WaitReadyAsync(http, server.BaseUrl, process, cancellationToken);
            return server;
        }
        catch (Exception ex)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The server did not become ready: {ex.Message}\n{server.Tail()}", ex);
        }
    }

    /// <summary>A server someone else runs; its memory and CPU are read only when its process id is given.</summary>
    public static async Task<ServerProcess> AttachAsync(Uri url, int? pid, HttpClient http, CancellationToken cancellationToken = default)
    {
        var attached = pid is { } id ? Process.GetProcessById(id) : null;
        var server = new ServerProcess(null, attached, $"attached: {url}" + (pid is null ? " (no --server-pid: memory and CPU not read)" : string.Empty))
        {
            BaseUrl = url,
        };
        await WaitReadyAsync(http, url, null, cancellationToken);
        return server;
    }

    /// <summary>The server's resident set (<c>VmRSS</c> in <c>/proc/&lt;pid&gt;/status</c>) in bytes.</summary>
    public long? ReadRssBytes() => Pid is { } pid ? ProcStatus.ReadRssBytes(pid) : null;

    /// <summary>CPU time (user + system) the server has used so far.</summary>
    public TimeSpan? ReadCpuTime()
    {
        var process = _process ?? _attached;
        if (process is null)
        {
            return null;
        }

        process.Refresh();
        return process.HasExited ? null : process.TotalProcessorTime;
    }

    public bool HasExited => _process?.HasExited ?? false;

    /// <summary>The last lines the server printed, for a failure report.</summary>
    public string Tail(int lines = 20)
    {
        lock (_tailGate)
        {
            return string.Join('\n', _tail.TakeLast(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _attached?.Dispose();
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            await Console.Error.WriteLineAsync($"bench: could not confirm that server pid {_process.Id} exited: {ex.Message}");
        }

        _process.Dispose();
    }

    /// <summary>Kills the started server at once; for process exit paths that cannot await.</summary>
    public void KillNow()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

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

    private static (string Dll, string Configuration, string ProjectDirectory) LocateServer()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Meeting.sln")))
            {
                var project = Path.Combine(dir.FullName, "server", "Meeting.Server");
                var dll = Path.Combine(project, "bin", configuration, "net10.0", "Meeting.Server.dll");
                return File.Exists(dll)
                    ? (dll, configuration, project)
                    : throw new FileNotFoundException($"Build the server first: dotnet build -c {configuration} server/Meeting.Server", dll);
            }
        }

        throw new DirectoryNotFoundException("Meeting.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task WaitReadyAsync(HttpClient http, Uri baseUrl, Process? process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var ready = new Uri(baseUrl, "/health/ready");
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"The server exited with code {process.ExitCode}.");
            }

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
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The HttpClient's own timeout, or ours: only ours ends the wait.
                if (timeout.IsCancellationRequested)
                {
                    throw new TimeoutException($"{ready} did not answer 200 within {StartTimeout.TotalSeconds:0} s.");
                }
            }

            try
            {
                await Task.Delay(delay, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{ready} did not answer 200 within {StartTimeout.TotalSeconds:0} s.");
            }
            delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 2));
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tailGate)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }

        // Serilog's lines (the meeting server) and Microsoft's console logger's (the bare hub).
        if (line.StartsWith("warn: ", StringComparison.Ordinal) || line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal)
            || line.Contains(" WRN]", StringComparison.Ordinal) || line.Contains(" ERR]", StringComparison.Ordinal) || line.Contains(" FTL]", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.[0-9.]+:[0-9]+)")]
    private static partial Regex ListeningLine();
}
