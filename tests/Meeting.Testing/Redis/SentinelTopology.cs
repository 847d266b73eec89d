using Meeting.Redis;

namespace Meeting.Testing.Redis;

/// <summary>
/// A master, a replica and three Sentinels (quorum 2) on loopback, with passwords on the data nodes and on the
/// Sentinels, and a short down-after so that failovers finish in a few seconds. Disposing kills exactly these five processes.
/// </summary>
public sealed class SentinelTopology : IAsyncDisposable
{
    /// <summary>The monitored master's name.</summary>
    public const string MasterName = "meeting";

    /// <summary>The data nodes' password (requirepass and masterauth).</summary>
    public const string Password = "data-secret";

    /// <summary>The Sentinels' password.</summary>
    public const string SentinelPassword = "sentinel-secret";

    private readonly DirectoryInfo _directory;
    private readonly List<RedisProcess> _processes = [];

    private SentinelTopology(DirectoryInfo directory) => _directory = directory;

    /// <summary>The node that was master at start.</summary>
    public RedisProcess InitialMaster { get; private set; } = null!;

    /// <summary>The node that was replica at start.</summary>
    public RedisProcess InitialReplica { get; private set; } = null!;

    /// <summary>The three Sentinels.</summary>
    public IReadOnlyList<RedisProcess> Sentinels { get; private set; } = [];

    /// <summary>Starts the five processes and waits (bounded) until replication is up and every Sentinel sees the replica and the other two Sentinels.</summary>
    public static async Task<SentinelTopology> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = RedisExecutables.Find("redis-server");
        var sentinel = RedisExecutables.Find("redis-sentinel");
        var topology = new SentinelTopology(Directory.CreateTempSubdirectory("meeting-sentinel-"));
        try
        {
            var dir = topology._directory.FullName;
            topology.InitialMaster = topology.Track(await RedisProcess.StartAsync(server, dir, "master", port => DataNodeConfig(port, dir, "master", null), cancellationToken));
            var masterPort = topology.InitialMaster.Port;
            topology.InitialReplica = topology.Track(await RedisProcess.StartAsync(server, dir, "replica", port => DataNodeConfig(port, dir, "replica", masterPort), cancellationToken));
            var sentinels = new List<RedisProcess>();
            for (var i = 0; i < 3; i++)
            {
                var name = $"sentinel{i}";
                sentinels.Add(topology.Track(await RedisProcess.StartAsync(sentinel, dir, name, port => SentinelConfig(port, dir, masterPort), cancellationToken)));
            }

            topology.Sentinels = sentinels;
            await topology.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>Client options that go through the Sentinels.</summary>
    public RedisOptions Options(IEnumerable<string>? sentinels = null) => new()
    {
        Sentinels = [.. sentinels ?? Sentinels.Select(s => s.Address)],
        MasterName = MasterName,
        Password = Password,
        SentinelPassword = SentinelPassword,
        ClientName = "meeting-tests",
        ConnectTimeout = TimeSpan.FromSeconds(2),
        CommandTimeout = TimeSpan.FromSeconds(2),
        WaitForConnectionTimeout = TimeSpan.FromSeconds(2),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };

    /// <summary>What the first Sentinel that answers names as master now.</summary>
    public async Task<string> CurrentMasterAsync(CancellationToken cancellationToken = default)
    {
        foreach (var sentinel in Sentinels.Where(s => !s.HasExited))
        {
            try
            {
                var reply = await RedisProbe.QueryAsync(sentinel.Address, SentinelPassword, new RedisCommand("SENTINEL", "get-master-addr-by-name", MasterName), cancellationToken);
                return $"{reply[0].AsString()}:{reply[1].AsString()}";
            }
            catch (RedisException)
            {
                // Try the next one.
            }
        }

        throw new InvalidOperationException("No Sentinel answered.");
    }

    /// <summary>The data node listening on <paramref name="address"/>.</summary>
    public RedisProcess DataNode(string address) => InitialMaster.Address == address ? InitialMaster : InitialReplica;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is a temporary directory.
        }

        return ValueTask.CompletedTask;
    }

    private static string DataNodeConfig(int port, string dir, string name, int? masterPort) => $"""
        port {port}
        bind 127.0.0.1
        daemonize no
        dir {dir}
        logfile {"{log}"}
        dbfilename {name}.rdb
        save ""
        appendonly no
        requirepass {Password}
        masterauth {Password}
        repl-diskless-sync yes
        repl-diskless-sync-delay 0
        enable-debug-command local
        {(masterPort is { } mp ? $"replicaof 127.0.0.1 {mp}" : string.Empty)}
        """;

    private static string SentinelConfig(int port, string dir, int masterPort) => $"""
        port {port}
        bind 127.0.0.1
        daemonize no
        dir {dir}
        logfile {"{log}"}
        requirepass {SentinelPassword}
        sentinel resolve-hostnames no
        sentinel monitor {MasterName} 127.0.0.1 {masterPort} 2
        sentinel auth-pass {MasterName} {Password}
        sentinel down-after-milliseconds {MasterName} 1000
        sentinel failover-timeout {MasterName} 3000
        sentinel parallel-syncs {MasterName} 1
        """;

    private RedisProcess Track(RedisProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await RedisProbe.WaitUntilAsync("replication", timeout, async () =>
        {
            var info = await RedisProbe.QueryAsync(InitialReplica.Address, Password, new RedisCommand("INFO", "replication"), cancellationToken);
            return info.AsString()!.Contains("master_link_status:up", StringComparison.Ordinal);
        }, cancellationToken);

        foreach (var sentinel in Sentinels)
        {
            await RedisProbe.WaitUntilAsync($"{sentinel.Name} to see the replica and the other Sentinels", timeout, async () =>
            {
                var reply = await RedisProbe.QueryAsync(sentinel.Address, SentinelPassword, new RedisCommand("SENTINEL", "master", MasterName), cancellationToken);
                var fields = new Dictionary<string, string>();
                for (var i = 0; i + 1 < reply.Count; i += 2)
                {
                    fields[reply[i].AsString()!] = reply[i + 1].AsString()!;
                }

                return fields.GetValueOrDefault("flags") == "master"
                    && fields.GetValueOrDefault("num-slaves") == "1"
                    && fields.GetValueOrDefault("num-other-sentinels") == "2";
            }, cancellationToken);
        }
    }
}
