using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Meeting.Testing.Redis;

/// <summary>
/// One redis-server or redis-sentinel process started by a test, on a free loopback port, with its configuration and
/// log in a given directory. It kills exactly the process it started, and nothing else.
/// </summary>
public sealed class RedisProcess : IDisposable
{
    private const int MaxStartAttempts = 3;
    private readonly Process _process;

    private RedisProcess(Process process, string name, int port, string logPath)
    {
        _process = process;
        Name = name;
        Port = port;
        LogPath = logPath;
    }

    /// <summary>The name used for its files.</summary>
    public string Name { get; }

    /// <summary>Its loopback port.</summary>
    public int Port { get; }

    /// <summary>Its log file.</summary>
    public string LogPath { get; }

    /// <summary>The operating-system process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="executable"/> with the configuration that <paramref name="config"/> writes for a port.</summary>
    public static Task<RedisProcess> StartAsync(string executable, string directory, string name, Func<int, string> config, CancellationToken cancellationToken = default)
        => StartAsync(executable, directory, name, config, fixedPort: null, cancellationToken);

    /// <summary>Starts it again on <paramref name="port"/>, the port a stopped one used, as a restarted server would come back.</summary>
    public static Task<RedisProcess> StartOnPortAsync(string executable, string directory, string name, int port, Func<int, string> config, CancellationToken cancellationToken = default)
        => StartAsync(executable, directory, name, config, port, cancellationToken);

    private static async Task<RedisProcess> StartAsync(string executable, string directory, string name, Func<int, string> config, int? fixedPort, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        for (var attempt = 0; attempt < (fixedPort is null ? MaxStartAttempts : 1); attempt++)
        {
            var port = fixedPort ?? FreePort.Next();
            var configPath = Path.Combine(directory, $"{name}.conf");
            var logPath = Path.Combine(directory, $"{name}.log");
            await File.WriteAllTextAsync(configPath, config(port).Replace("{log}", logPath, StringComparison.Ordinal), cancellationToken);
            var process = Process.Start(new ProcessStartInfo(executable, [configPath]) { UseShellExecute = false, WorkingDirectory = directory })
                ?? throw new InvalidOperationException($"Could not start {executable}.");
            var started = new RedisProcess(process, name, port, logPath);
            if (await started.WaitUntilListeningAsync(TimeSpan.FromSeconds(10), cancellationToken))
            {
                return started;
            }

            failures.Add($"port {port}: {started.LogTail()}");
            started.Dispose();
        }

        throw new InvalidOperationException($"{name} did not start: {string.Join(" | ", failures)}");
    }

    /// <summary>SIGKILL, as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
    }

    /// <summary>The last lines of its log, for failure messages.</summary>
    public string LogTail(int lines = 15)
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

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private async Task<bool> WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !_process.HasExited)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
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
