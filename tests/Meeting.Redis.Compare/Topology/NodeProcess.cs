using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Meeting.Redis.Compare.Topology;

/// <summary>
/// One redis-server or redis-sentinel process on a fixed loopback address and port, which a drill can kill and
/// start again on the same address (Meeting.Testing's RedisProcess picks a new port per start, so it cannot bring a
/// node back). It only ever kills the process it started itself.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly string _executable;
    private readonly string _configPath;
    private Process? _process;

    private NodeProcess(string executable, string name, IPAddress ip, int port, string configPath, string logPath)
    {
        _executable = executable;
        Name = name;
        Ip = ip;
        Port = port;
        _configPath = configPath;
        LogPath = logPath;
    }

    public string Name { get; }

    public IPAddress Ip { get; }

    public int Port { get; }

    public string LogPath { get; }

    public string Address => $"{Ip}:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Writes the configuration for a free port (retrying on another port if the first is taken) and starts the process.</summary>
    public static async Task<NodeProcess> StartAsync(string executable, string directory, string name, IPAddress ip, Func<int, string, string> config, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = Meeting.Testing.Redis.FreePort.Next();
            var nodeDir = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
            var configPath = Path.Combine(nodeDir, $"{name}.conf");
            var logPath = Path.Combine(nodeDir, $"{name}.log");
            await File.WriteAllTextAsync(configPath, config(port, nodeDir), cancellationToken);
            var node = new NodeProcess(executable, name, ip, port, configPath, logPath);
            if (await node.TryStartAsync(cancellationToken))
            {
                return node;
            }

            failures.Add($"port {port}: {node.LogTail()}");
            node.Kill();
        }

        throw new InvalidOperationException($"{name} did not start: {string.Join(" | ", failures)}");
    }

    /// <summary>Starts the process again with the configuration file it has now (Sentinel may have rewritten it).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        Kill();
        if (!await TryStartAsync(cancellationToken))
        {
            throw new InvalidOperationException($"{Name} did not come back on {Address}: {LogTail()}");
        }
    }

    /// <summary>SIGKILL, as a crash would; waits (bounded) until the process is gone.</summary>
    public void Kill()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            _process = null;
        }
    }

    public string LogTail(int lines = 8)
    {
        try
        {
            return string.Join(" / ", File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException ex)
        {
            return $"(no log: {ex.Message})";
        }
    }

    public void Dispose() => Kill();

    private async Task<bool> TryStartAsync(CancellationToken cancellationToken)
    {
        _process = Process.Start(new ProcessStartInfo(_executable, [_configPath]) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {_executable}.");
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            try
            {
                await client.ConnectAsync(Ip, Port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        return false;
    }
}
