using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One of the scripts in <c>node/</c> in a Node process, speaking JSON lines: events on stdout (each with
/// an <c>event</c> name), commands on stdin. Modules resolve from <c>node/node_modules</c> (their own
/// <c>package.json</c>) and then from the server's <c>node_modules</c> through <c>NODE_PATH</c>, so
/// nothing is installed twice. A missing <c>node</c> is a failure.
/// </summary>
public sealed class NodeScript : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _name;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _unclaimed = [];
    private readonly StringBuilder _stderr = new();

    private NodeScript(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>Starts <c>node node/</c><paramref name="scriptName"/> with <paramref name="arguments"/>.</summary>
    public static NodeScript Start(string scriptName, params string[] arguments)
    {
        var node = FindOnPath("node") ?? throw new InvalidOperationException("The end-to-end tests need Node.js ('node' on PATH).");
        var scriptPath = Path.Combine(RepositoryPaths.NodeScripts, scriptName);
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NODE_PATH"] = RepositoryPaths.ServerNodeModules;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var running = new NodeScript(process, scriptName);
        process.OutputDataReceived += (_, line) => running.OnOutput(line.Data);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (running._stderr)
                {
                    running._stderr.AppendLine(line.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>What the script wrote to stderr so far, for failure messages.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits for the next event named <paramref name="name"/> that matches; other events are kept for later waits.
    /// An <c>error</c> event fails the wait at once.</summary>
    public async Task<JsonElement> WaitForEventAsync(string name, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        bool Matches(JsonElement e) => e.GetProperty("event").GetString() == name && (match?.Invoke(e) ?? true);

        lock (_unclaimed)
        {
            var index = _unclaimed.FindIndex(Matches);
            if (index >= 0)
            {
                var found = _unclaimed[index];
                _unclaimed.RemoveAt(index);
                return found;
            }
        }

        using var cts = new CancellationTokenSource(timeout ?? StepTimeout);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(cts.Token);
                if (Matches(next))
                {
                    return next;
                }

                if (next.GetProperty("event").GetString() == "error")
                {
                    throw new InvalidOperationException($"node {_name} failed: {next.GetProperty("message").GetString()}\n{StandardError}");
                }

                lock (_unclaimed)
                {
                    _unclaimed.Add(next);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"node {_name} sent no '{name}' event in time.\nstderr: {StandardError}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"node {_name} exited before sending '{name}'.\nstderr: {StandardError}");
        }
    }

    public async Task SendAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the script to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? StepTimeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(cts.Token);
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _events.Writer.TryComplete();
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            _events.Writer.TryWrite(doc.RootElement.Clone());
        }
        catch (JsonException)
        {
            lock (_stderr)
            {
                _stderr.AppendLine("stdout: " + line);
            }
        }
    }

    private static string? FindOnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
