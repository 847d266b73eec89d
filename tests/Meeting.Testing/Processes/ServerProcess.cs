using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Meeting.Testing.Processes;

/// <summary>
/// A meeting server (or any ASP.NET Core program with <c>/health/ready</c>) that a bench starts as a separate
/// process: ready once <c>/health/ready</c> answers 200, and killed by its process id only, whatever happened.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ServerProcessOptions _options;
    private readonly Queue<string> _tail = new();
    private readonly Lock _tailGate = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _warnings;
    private int _expectedWarnings;
    private int _disposed;

    private ServerProcess(Process process, ServerProcessOptions options)
    {
        _process = process;
        _options = options;
        if (options.BaseUrl is { } url)
        {
            _listening.TrySetResult(url);
        }
    }

    /// <summary><c>http://127.x.y.z:port/</c>, once started.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Warning, error and fatal lines it printed (Serilog's and Microsoft's console formats), apart from the expected one.</summary>
    public int Warnings => Volatile.Read(ref _warnings);

    /// <summary>Lines with <see cref="ServerProcessOptions.ExpectedWarning"/>.</summary>
    public int ExpectedWarnings => Volatile.Read(ref _expectedWarnings);

    /// <summary>Starts the process and waits until it is ready; on failure it is killed and the exception carries its last lines.</summary>
    public static async Task<ServerProcess> StartAsync(ServerProcessOptions options, HttpClient http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = options.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(options.Dll);
        foreach (var argument in options.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, options);
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
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ReadyTimeout);
            try
            {
                server.BaseUrl = await server._listening.Task.WaitAsync(timeout.Token);
                await server.WaitReadyAsync(http, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The server was not ready within {options.ReadyTimeout.TotalSeconds:0} s.");
            }

            return server;
        }
        catch (Exception ex)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The server did not become ready: {ex.Message}\n{server.Tail(20)}", ex);
        }
    }

    /// <summary>CPU time (user + system) it has used so far; null once it has exited.</summary>
    public TimeSpan? ReadCpuTime()
    {
        _process.Refresh();
        return _process.HasExited ? null : _process.TotalProcessorTime;
    }

    /// <summary>The last lines it printed, for a failure report.</summary>
    public string Tail(int lines = 20)
    {
        lock (_tailGate)
        {
            return string.Join('\n', _tail.TakeLast(lines));
        }
    }

    /// <summary>Kills it by its process id (SIGKILL) if it still runs; safe to call more than once, from any thread,
    /// and from exit paths that cannot await.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(_options.KillEntireTree);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill, or was disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            await Console.Error.WriteLineAsync($"could not confirm that server pid {_process.Id} exited: {ex.Message}");
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var ready = new Uri(BaseUrl, "/health/ready");
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}.");
            }

            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (_options.ReadyAttemptTimeout is { } bound)
                {
                    attempt.CancelAfter(bound);
                }

                using var response = await http.GetAsync(ready, attempt.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or not answering yet.
            }

            await Task.Delay(delay, cancellationToken);
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
            while (_tail.Count > _options.TailLines)
            {
                _tail.Dequeue();
            }
        }

        if (_options.ExpectedWarning is { } expected && line.Contains(expected, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _expectedWarnings);
        }
        else if (IsWarning(line))
        {
            Interlocked.Increment(ref _warnings);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    // Serilog's plain template ("[HH:mm:ss.fff WRN] …") and Microsoft's console logger ("warn: …").
    private static bool IsWarning(string line)
        => line.StartsWith("warn: ", StringComparison.Ordinal) || line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal)
            || line.Contains(" WRN]", StringComparison.Ordinal) || line.Contains(" ERR]", StringComparison.Ordinal) || line.Contains(" FTL]", StringComparison.Ordinal);

    [GeneratedRegex(@"Now listening on: (http://127\.[0-9.]+:[0-9]+)")]
    private static partial Regex ListeningLine();
}
