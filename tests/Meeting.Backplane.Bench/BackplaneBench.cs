using System.Diagnostics;
using System.Globalization;
using Meeting.Backplane.Bench.Clients;
using Meeting.Backplane.Bench.Hosting;
using Meeting.Backplane.Bench.Measurement;
using Meeting.Backplane.Bench.Phases;
using Meeting.Testing.Processes;

namespace Meeting.Backplane.Bench;

/// <summary>
/// The run: starts redis-server and the gra and sbg servers, checks the wiring, opens the peers, then runs the
/// phases in turn — throughput across servers and on one server, latency at a fixed rate both ways, and a room's
/// broadcast — writing a line per phase as it ends and the figures into the <see cref="BenchReport"/>.
/// </summary>
internal sealed class BackplaneBench : IAsyncDisposable
{
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(1);

    private readonly BenchOptions _options;
    private readonly BenchReport _report;
    // No cookies: the server hands a request that carries a live session cookie that same session back, and every
    // peer needs a session (a peer id) of its own.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly BenchCluster _cluster = new();
    private readonly PeerFleet _fleet;
    private readonly long _started = Stopwatch.GetTimestamp();

    public BackplaneBench(BenchOptions options, BenchReport report)
    {
        _options = options;
        _report = report;
        _fleet = new PeerFleet(_http);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var build = ServerBuild.Locate(SiteServer.Configuration);
        Say($"starting redis-server and two {build.Configuration} servers ({Path.GetRelativePath(build.RepositoryRoot, build.Dll)})");
        await _cluster.StartAsync(build, _options.RoomSize, _options.ServerEnvironment, _http, cancellationToken);
        _report.Processes =
            $"redis-server {_cluster.Redis.Address} pid {_cluster.Redis.Server.ProcessId}; " +
            $"gra {_cluster.Gra.BaseUrl} pid {_cluster.Gra.Pid}; sbg {_cluster.Sbg.BaseUrl} pid {_cluster.Sbg.Pid}";
        Say("  " + _report.Processes);

        var gra = new SiteEndpoint(BenchCluster.GraSite, 0, _cluster.Gra.BaseUrl, _cluster.Gra.HubUrl);
        var sbg = new SiteEndpoint(BenchCluster.SbgSite, 1, _cluster.Sbg.BaseUrl, _cluster.Sbg.HubUrl);
        _report.WiringSignal = await WiringCheck.RunAsync(_http, gra, sbg, cancellationToken);
        Say($"wiring checked: Signal gra→sbg and Chat sbg→gra arrive ({_report.WiringSignal.Value.TotalMilliseconds:0.0} ms for the first Signal)");

        var (cross, same, room) = await OpenPeersAsync(gra, sbg, cancellationToken);
        _fleet.StartKeepAlive(_options.MaxRuntime);

        var cpu = new CpuMeter(_cluster.Processes());
        var timing = new PhaseTiming(_options.Warmup, _options.Duration);

        if (_options.ServerWarmup > TimeSpan.Zero)
        {
            Say($"warming the servers up: at most {_options.ServerWarmup.TotalSeconds:0.#} s, until their tier-1 JIT uses under {ServerWarmup.QuietJitCores:0.00} cores");
            _report.Warmup = await ServerWarmup.RunAsync([.. cross, .. same], room, _options.Window, _options.ChatRate, _options.ServerWarmup, cpu, cancellationToken);
            Say("    " + _report.Warmup.Describe());
        }

        // What the servers cost doing nothing (timers, heartbeats, the grace sweeper, the thread pool), the floor
        // beneath every per-message figure at low rates.
        var idleStart = cpu.Take();
        await Task.Delay(IdleWindow, cancellationToken);
        _report.Idle = CpuMeter.Between(idleStart, cpu.Take());
        Say($"idle for {IdleWindow.TotalSeconds:0} s: {_report.Idle.Describe()}");

        Say($"(1) throughput: {timing.Warmup.TotalSeconds:0.#} s warm-up + {timing.Duration.TotalSeconds:0.#} s, {cross.Count} pairs each way");
        var crossThroughput = await ThroughputPhase.RunAsync("cross-server gra→sbg", cross, _options.Window, timing, cpu, cancellationToken);
        _report.Throughput.Add(crossThroughput);
        Say("    " + BenchReport.ThroughputLine(crossThroughput));
        var sameThroughput = await ThroughputPhase.RunAsync("same-server gra→gra", same, _options.Window, timing, cpu, cancellationToken);
        _report.Throughput.Add(sameThroughput);
        Say("    " + BenchReport.ThroughputLine(sameThroughput));

        var (rate, rateSource) = _options.Rate is { } fixedRate
            ? (fixedRate, "--rate")
            : ((int)Math.Clamp(crossThroughput.PerSecond / 2, 50, BenchOptions.MaxAutoRate), $"half the cross-server throughput, at most {BenchOptions.MaxAutoRate:N0}");
        Say($"(2) latency at {rate.ToString("N0", CultureInfo.InvariantCulture)} Signals/s: {timing.Warmup.TotalSeconds:0.#} s warm-up + {timing.Duration.TotalSeconds:0.#} s each way");
        foreach (var (label, pairs) in new[] { ("cross-server gra→sbg", cross), ("same-server gra→gra", same) })
        {
            var latency = await LatencyPhase.RunAsync(label, pairs, rate, rateSource, timing, cpu, cancellationToken);
            _report.Latency.Add(latency);
            Say("    " + BenchReport.LatencyLine(latency));
        }

        Say($"(3) broadcast: room of {room.Length}, {_options.ChatRate:N0} Chats/s, {timing.Warmup.TotalSeconds:0.#} s warm-up + {timing.Duration.TotalSeconds:0.#} s");
        _report.Broadcast = await BroadcastPhase.RunAsync(room, _options.ChatRate, timing, cpu, cancellationToken);
        Say($"    {_report.Broadcast.DeliveriesPerSecond:N0} deliveries/s, {_report.Broadcast.All.Describe()}");
    }

    /// <summary>Kills the servers and redis-server by their ids at once: for Ctrl+C and process exit.</summary>
    public void KillServers() => _cluster.KillAll();

    /// <summary>Closes the peers, then kills the servers and redis-server, and notes what the servers logged.</summary>
    public async ValueTask DisposeAsync()
    {
        _report.PeersClosed = _fleet.Closed;
        await _fleet.DisposeAsync();
        NoteServerLogs();
        await _cluster.DisposeAsync();
        _http.Dispose();
    }

    private async Task<(List<SignalPair> Cross, List<SignalPair> Same, BenchPeer[] Room)> OpenPeersAsync(SiteEndpoint gra, SiteEndpoint sbg, CancellationToken cancellationToken)
    {
        // Rooms x-N: sender on gra, receiver on sbg. Rooms s-N: both on gra. Room "fan": alternately gra and sbg.
        var seats = new List<Seat>();
        for (var i = 0; i < _options.Rooms; i++)
        {
            var n = i.ToString("D4", CultureInfo.InvariantCulture);
            seats.Add(new Seat(gra, $"x-{n}", $"xs-{n}"));
            seats.Add(new Seat(sbg, $"x-{n}", $"xr-{n}"));
            seats.Add(new Seat(gra, $"s-{n}", $"ss-{n}"));
            seats.Add(new Seat(gra, $"s-{n}", $"sr-{n}"));
        }

        for (var i = 0; i < _options.RoomSize; i++)
        {
            seats.Add(new Seat(i % 2 == 0 ? gra : sbg, "fan", $"fan-{i.ToString(CultureInfo.InvariantCulture)}"));
        }

        Say($"opening {seats.Count} peers ({_options.Rooms} cross-server rooms, {_options.Rooms} same-server rooms, 1 broadcast room of {_options.RoomSize})");
        var peers = await _fleet.OpenAsync(seats, cancellationToken);
        _report.PeersOpened = peers.Length;
        var cross = new List<SignalPair>(_options.Rooms);
        var same = new List<SignalPair>(_options.Rooms);
        for (var i = 0; i < _options.Rooms; i++)
        {
            cross.Add(SignalPair.Between(peers[4 * i], peers[(4 * i) + 1]));
            same.Add(SignalPair.Between(peers[(4 * i) + 2], peers[(4 * i) + 3]));
        }

        return (cross, same, peers[(4 * _options.Rooms)..]);
    }

    /// <summary>A progress line, stamped with the seconds since the run started.</summary>
    private void Say(string line) => Console.WriteLine($"[{Stopwatch.GetElapsedTime(_started).TotalSeconds,5:0.0} s] {line}");

    private void NoteServerLogs()
    {
        try
        {
            var (gra, sbg) = (_cluster.Gra, _cluster.Sbg);
            _report.ServerLog =
                $"gra {gra.Warnings} warnings/errors, sbg {sbg.Warnings} warnings/errors " +
                $"(plus {gra.NoReplicaWarnings + sbg.NoReplicaWarnings} expected \"not acknowledged by a replica\" session warnings: redis-server has no replica here)";
            if (_report.Failure is not null || gra.Warnings + sbg.Warnings > 0 || gra.HasExited || sbg.HasExited)
            {
                _report.ServerTails = $"--- gra, last lines ---{Environment.NewLine}{gra.Tail(15)}{Environment.NewLine}--- sbg, last lines ---{Environment.NewLine}{sbg.Tail(15)}";
            }
        }
        catch (InvalidOperationException)
        {
            // The servers never started; the failure says why.
        }
    }
}
