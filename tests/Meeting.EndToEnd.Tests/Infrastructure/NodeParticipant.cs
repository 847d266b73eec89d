using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <c>node/participant.js</c> in a Node process: the official <c>@microsoft/signalr</c> client, resolved
/// from the server's <c>node_modules</c> through <c>NODE_PATH</c>. It reports hub events as JSON lines
/// on stdout and takes commands as JSON lines on stdin. A missing <c>node</c> is a failure.
/// </summary>
public sealed class NodeParticipant : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _unclaimed = [];
    private readonly StringBuilder _stderr = new();

    private NodeParticipant(Process process) => _process = process;

    public static NodeParticipant Start(Uri baseAddress, string room, string displayName)
    {
        var node = FindOnPath("node") ?? throw new InvalidOperationException("The end-to-end tests need Node.js ('node' on PATH).");
        var script = Path.Combine(RepositoryPaths.NodeScripts, "participant.js");
        if (!File.Exists(Path.Combine(RepositoryPaths.ServerNodeModules, "@microsoft", "signalr", "package.json")))
        {
            throw new InvalidOperationException($"@microsoft/signalr is not restored in {RepositoryPaths.ServerNodeModules}; build server/Meeting.Server (it runs npm ci).");
        }

        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(baseAddress.ToString());
        start.ArgumentList.Add(room);
        start.ArgumentList.Add(displayName);
        start.Environment["NODE_PATH"] = RepositoryPaths.ServerNodeModules;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var participant = new NodeParticipant(process);
        process.OutputDataReceived += (_, line) => participant.OnOutput(line.Data);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (participant._stderr)
                {
                    participant._stderr.AppendLine(line.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return participant;
    }

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
                    throw new InvalidOperationException($"The Node participant failed: {next.GetProperty("message").GetString()}\n{StandardError}");
                }

                lock (_unclaimed)
                {
                    _unclaimed.Add(next);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The Node participant sent no '{name}' event in time.\nstderr: {StandardError}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The Node participant exited before sending '{name}'.\nstderr: {StandardError}");
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
