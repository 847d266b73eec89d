using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Meeting.Sfu.Bench.Janus;

/// <summary>
/// Debian's Janus 1.1.2 started for one bench run: a private configuration folder (only the HTTP
/// transport, on 127.0.0.1 at a port the kernel picked, no admin API; only the VideoRoom plugin with
/// one room; ICE-lite on the loopback interface; no session timeout while the run lasts), its output
/// to a log file, its lifetime bounded by the bench and ended by PID.
/// </summary>
internal sealed class JanusProcess : IDisposable
{
    public const string Binary = "/usr/bin/janus";
    public const int Room = 1234;

    private static readonly string[] PluginFolders = ["/usr/lib/x86_64-linux-gnu/janus/plugins", "/usr/lib/janus/plugins"];
    private readonly Process _process;
    private readonly string _folder;

    private JanusProcess(Process process, string folder, int httpPort)
    {
        _process = process;
        _folder = folder;
        ApiBase = new Uri($"http://127.0.0.1:{httpPort}/janus");
    }

    public Uri ApiBase { get; }

    public int Pid => _process.Id;

    public string LogPath => Path.Combine(_folder, "janus.log");

    /// <summary>Why Janus cannot run here, or null when its binary and plugins are installed.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists(Binary))
        {
            return $"{Binary} is not installed";
        }

        return PluginFolder() is null ? "the Janus VideoRoom plugin (libjanus_videoroom.so) is not installed" : null;
    }

    public static async Task<JanusProcess> StartAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var plugins = PluginFolder() ?? throw new InvalidOperationException("no Janus plugin folder");
        var root = Path.GetDirectoryName(plugins)!;
        var folder = Directory.CreateTempSubdirectory("meeting-sfu-bench-janus-").FullName;
        var httpPort = FreeTcpPort();
        File.WriteAllText(Path.Combine(folder, "janus.jcfg"), $$"""
            general: {
                configs_folder = "{{folder}}"
                plugins_folder = "{{plugins}}"
                transports_folder = "{{root}}/transports"
                loggers_folder = "{{root}}/loggers"
                events_folder = "{{root}}/events"
                debug_level = 3
                session_timeout = 0
            }
            media: {
                ipv6 = false
                rtp_port_range = "42000-42999"
            }
            nat: {
                ice_lite = true
                ice_enforce_list = "lo"
            }
            plugins: {
                disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
            }
            transports: {
                disable = "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so,libjanus_websockets.so"
            }
            loggers: {
                disable = "libjanus_jsonlog.so"
            }
            events: {
                broadcast = false
            }
            """);
        File.WriteAllText(Path.Combine(folder, "janus.transport.http.jcfg"), $$"""
            general: {
                json = "compact"
                base_path = "/janus"
                http = true
                port = {{httpPort.ToString(CultureInfo.InvariantCulture)}}
                ip = "127.0.0.1"
                https = false
            }
            admin: {
                admin_http = false
                admin_https = false
            }
            cors: {
            }
            """);
        File.WriteAllText(Path.Combine(folder, "janus.plugin.videoroom.jcfg"), $$"""
            general: {
            }
            room-{{Room.ToString(CultureInfo.InvariantCulture)}}: {
                description = "bench"
                publishers = 4
                bitrate = 0
                fir_freq = 0
                videocodec = "vp8"
                audiocodec = "opus"
                notify_joining = false
            }
            """);

        var start = new ProcessStartInfo(Binary)
        {
            UseShellExecute = false,
            // Janus prints a few lines even with -N: kept out of the bench's output.
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-F", folder, "-C", Path.Combine(folder, "janus.jcfg"), "-N", "-L", Path.Combine(folder, "janus.log"), "-o" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("janus did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var janus = new JanusProcess(process, folder, httpPort);
        // A watchdog of its own: Janus never outlives the phase, even if the bench is stuck.
        _ = Task.Delay(lifetime, CancellationToken.None).ContinueWith(_ => janus.Kill(), TaskScheduler.Default);
        await janus.WaitReadyAsync(cancellationToken);
        return janus;
    }

    /// <summary>user + system CPU of the Janus process so far (every thread), from /proc.</summary>
    public TimeSpan Cpu()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of stat(5), i.e. 11 and 12 after the command name.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public string LogTail(int lines = 8)
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadAllLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A log Janus still held open: the temp folder is left behind, nothing else.
        }
    }

    private static string? PluginFolder() => PluginFolders.FirstOrDefault(f => File.Exists(Path.Combine(f, "libjanus_videoroom.so")));

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"janus exited with {_process.ExitCode}: {LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(ApiBase + "/info"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer on a loaded box.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"janus did not answer on {ApiBase} within 10 s: {LogTail()}");
    }
}
