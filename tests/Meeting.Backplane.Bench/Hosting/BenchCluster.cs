using System.Globalization;
using System.Net;
using Meeting.Testing.Processes;
using Meeting.Testing.Redis;

namespace Meeting.Backplane.Bench.Hosting;

/// <summary>
/// What the bench runs against: one redis-server and two meeting servers sharing it, "gra" on 127.0.0.2 and
/// "sbg" on 127.0.0.3. <see cref="KillAll"/> kills exactly these three processes by their ids, and may be
/// called from a Ctrl+C or process-exit handler while the bench is still running.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    public const string GraSite = "gra";
    public const string SbgSite = "sbg";
    public static readonly IPAddress GraAddress = IPAddress.Parse("127.0.0.2");
    public static readonly IPAddress SbgAddress = IPAddress.Parse("127.0.0.3");

    private readonly Lock _gate = new();
    private StandaloneRedis? _redis;
    private SiteServer? _gra;
    private SiteServer? _sbg;
    private bool _killed;
    private bool _disposed;

    public SiteServer Gra => _gra ?? throw new InvalidOperationException("The cluster has not started.");

    public SiteServer Sbg => _sbg ?? throw new InvalidOperationException("The cluster has not started.");

    public StandaloneRedis Redis => _redis ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>The settings both servers get beyond their site and address: the shared Redis, quiet logs and limits
    /// raised so that the per-connection rate limit and the session issue limit are not what is measured.</summary>
    public static IReadOnlyList<string> ServerSettings(string redisAddress, int roomSize) =>
    [
        $"--Meeting:Redis:EndPoint={redisAddress}",
        "--Meeting:Redis:KeyPrefix=bench",
        // A lone redis-server has no replica: each new session's WAIT 1 gives up after 1 ms instead of 500.
        "--Meeting:Redis:ReplicaAckTimeout=00:00:00.001",
        "--Serilog:MinimumLevel=Warning",
        "--Meeting:Limits:MessagesPerSecond=1000000",
        "--Meeting:Limits:MessageBurst=1000000",
        "--Meeting:Sessions:IssuePerMinutePerAddress=1000000",
        "--Meeting:Limits:ConnectionsPerAddress=1000000",
        // A free UDP port each: the default media port may be held by the kit, and a server stays unready
        // while its media port is not bound.
        "--Meeting:Media:Port=0",
        $"--Meeting:Rooms:MaxPeersPerRoom={Math.Max(16, roomSize).ToString(CultureInfo.InvariantCulture)}",
    ];

    /// <summary>Starts redis-server, then both servers at once, and waits until both are ready.</summary>
    public async Task StartAsync(ServerBuild build, int roomSize, IReadOnlyList<KeyValuePair<string, string>> environment, HttpClient http, CancellationToken cancellationToken)
    {
        var redis = await StandaloneRedis.StartAsync(requirePassword: false, cancellationToken);
        lock (_gate)
        {
            _redis = redis;
            if (_killed)
            {
                redis.Server.Kill();
                throw new OperationCanceledException("The bench was stopped while redis-server started.");
            }
        }

        var settings = ServerSettings(redis.Address, roomSize);
        var gra = SiteServer.StartAsync(build, GraSite, GraAddress, settings, environment, http, cancellationToken);
        var sbg = SiteServer.StartAsync(build, SbgSite, SbgAddress, settings, environment, http, cancellationToken);
        try
        {
            await Task.WhenAll(gra, sbg);
        }
        finally
        {
            // Keep whichever started, so that it is killed with the rest even when the other failed.
            bool killed;
            lock (_gate)
            {
                _gra = gra.IsCompletedSuccessfully ? gra.Result : null;
                _sbg = sbg.IsCompletedSuccessfully ? sbg.Result : null;
                killed = _killed;
            }

            if (killed)
            {
                KillAll();
            }
        }
    }

    /// <summary>Process ids by name, for the CPU meter.</summary>
    public IReadOnlyList<(string Name, int Pid)> Processes() =>
        [(GraSite, Gra.Pid), (SbgSite, Sbg.Pid), ("redis", Redis.Server.ProcessId)];

    /// <summary>Kills the servers and redis-server by their process ids; idempotent and thread-safe.</summary>
    public void KillAll()
    {
        SiteServer? gra, sbg;
        StandaloneRedis? redis;
        lock (_gate)
        {
            _killed = true;
            if (_disposed)
            {
                return;
            }

            (gra, sbg, redis) = (_gra, _sbg, _redis);
        }

        // The servers first, so that they do not log a flood of Redis errors on their way out.
        gra?.Kill();
        sbg?.Kill();
        try
        {
            redis?.Server.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        KillAll();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        if (_gra is not null)
        {
            await _gra.DisposeAsync();
        }

        if (_sbg is not null)
        {
            await _sbg.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
