using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Meeting.Backplane.Bench.Hosting;

/// <summary>
/// One <c>Meeting.Server</c> process started by the bench on a loopback address: it is ready once
/// <c>/health/ready</c> answers 200, and it is killed by its process id, nothing else.
/// </summary>
internal sealed class MeetingServerProcess : IDisposable
{
    private const int MaxStartAttempts = 3;
    private const int TailLines = 40;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Logged once per session when no replica acknowledges it; expected with a lone redis-server.</summary>
    private const string NoReplicaWarning = "was not acknowledged by a replica";

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();
    private int _warnings;
    private int _noReplicaWarnings;

    private MeetingServerProcess(Process process, string site, Uri baseUrl)
    {
        _process = process;
        Site = site;
        BaseUrl = baseUrl;
    }

    public string Site { get; }

    /// <summary><c>http://127.0.0.x:port/</c>.</summary>
    public Uri BaseUrl { get; }

    public Uri HubUrl => new UriBuilder(BaseUrl) { Scheme = "ws", Path = "hubs/meeting" }.Uri;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Warning, error and fatal lines the server printed, apart from the expected "no replica" ones.</summary>
    public int Warnings => Volatile.Read(ref _warnings);

    /// <summary>Sessions stored without a replica's acknowledgement: one per session, expected here.</summary>
    public int NoReplicaWarnings => Volatile.Read(ref _noReplicaWarnings);

    /// <summary>Starts the server for <paramref name="site"/> on <paramref name="address"/> and a free port, and waits until it is ready.</summary>
    public static async Task<MeetingServerProcess> StartAsync(
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
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = build.RepositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(build.Dll);
            start.ArgumentList.Add("--contentRoot");
            start.ArgumentList.Add(build.ContentRoot);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseUrl.GetLeftPart(UriPartial.Authority));
            start.ArgumentList.Add($"--Meeting:Site:Name={site}");
            start.ArgumentList.Add($"--Meeting:Site:PublicIp={address}");
            foreach (var setting in settings)
            {
                start.ArgumentList.Add(setting);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
            var process = new Process { StartInfo = start };
            if (!process.Start())
            {
                throw new InvalidOperationException("Could not start dotnet for the server.");
            }

            var server = new MeetingServerProcess(process, site, baseUrl);
            process.OutputDataReceived += (_, e) => server.OnOutput(e.Data);
            process.ErrorDataReceived += (_, e) => server.OnOutput(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                if (await server.WaitUntilReadyAsync(http, cancellationToken))
                {
                    return server;
                }
            }
            catch
            {
                server.Dispose();
                throw;
            }

            failures.Add($"{baseUrl}: {(server.HasExited ? "exited" : "not ready in time")}: {server.Tail(8)}");
            server.Dispose();
        }

        throw new InvalidOperationException($"The {site} server did not become ready: {string.Join(" | ", failures)}");
    }

    /// <summary>The last lines it printed.</summary>
    public string Tail(int lines = TailLines)
    {
        lock (_gate)
        {
            return string.Join(Environment.NewLine, _tail.TakeLast(lines));
        }
    }

    /// <summary>Kills the process by its id (SIGKILL) if it still runs; safe to call more than once and from any thread.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task<bool> WaitUntilReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var ready = new Uri(BaseUrl, "health/ready");
        var started = Stopwatch.GetTimestamp();
        var maxPolls = (int)(ReadyTimeout / ReadyPollInterval);
        for (var poll = 0; poll < maxPolls && Stopwatch.GetElapsedTime(started) < ReadyTimeout; poll++)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync(ready, timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or not answering yet.
            }

            await Task.Delay(ReadyPollInterval, cancellationToken);
        }

        return false;
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains(NoReplicaWarning, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _noReplicaWarnings);
            return;
        }

        // The plain template: "[HH:mm:ss.fff WRN] [site] message".
        if (line.Contains(" WRN]", StringComparison.Ordinal) || line.Contains(" ERR]", StringComparison.Ordinal) || line.Contains(" FTL]", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }

        lock (_gate)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
