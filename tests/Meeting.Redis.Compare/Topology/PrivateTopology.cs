using System.Net;
using Meeting.Testing.Redis;

namespace Meeting.Redis.Compare.Topology;

/// <summary>
/// A master (127.0.5.1), a replica (127.0.5.2) and three Sentinels (127.0.5.3-5, quorum 2, down-after 2000 ms) on
/// free ports, started fresh for one drill of one stack. Disposing kills exactly these processes and deletes the folder.
/// </summary>
internal sealed class PrivateTopology : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly List<NodeProcess> _nodes = [];

    private PrivateTopology(DirectoryInfo directory) => _directory = directory;

    public NodeProcess Master { get; private set; } = null!;

    public NodeProcess Replica { get; private set; } = null!;

    public IReadOnlyList<NodeProcess> Sentinels { get; private set; } = [];

    public IReadOnlyList<string> SentinelAddresses => [.. Sentinels.Select(s => s.Address)];

    public static async Task<PrivateTopology> StartAsync(CancellationToken cancellationToken)
    {
        var server = RedisExecutables.Find("redis-server");
        var sentinel = RedisExecutables.Find("redis-sentinel");
        var topology = new PrivateTopology(Directory.CreateTempSubdirectory("meeting-compare-"));
        try
        {
            var dir = topology._directory.FullName;
            topology.Master = topology.Track(await NodeProcess.StartAsync(server, dir, "master", Ip(1), (port, d) => NodeConfig.DataNode(Ip(1), port, d, "master", null), cancellationToken));
            var master = topology.Master.Address;
            topology.Replica = topology.Track(await NodeProcess.StartAsync(server, dir, "replica", Ip(2), (port, d) => NodeConfig.DataNode(Ip(2), port, d, "replica", master), cancellationToken));
            var sentinels = new List<NodeProcess>();
            for (var i = 0; i < 3; i++)
            {
                var ip = Ip(3 + i);
                var name = $"sentinel{i}";
                sentinels.Add(topology.Track(await NodeProcess.StartAsync(sentinel, dir, name, ip, (port, d) => NodeConfig.Sentinel(ip, port, d, name, master), cancellationToken)));
            }

            topology.Sentinels = sentinels;
            await topology.WaitUntilReadyAsync(cancellationToken);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the first Sentinel that answers names as master, or null when none answers.</summary>
    public async Task<string?> SentinelMasterAsync(CancellationToken cancellationToken)
    {
        foreach (var sentinel in Sentinels)
        {
            try
            {
                var reply = await RedisProbe.QueryAsync(sentinel.Address, NodeConfig.Password, new RedisCommand("SENTINEL", "get-master-addr-by-name", NodeConfig.MasterName), cancellationToken);
                return $"{reply[0].AsString()}:{reply[1].AsString()}";
            }
            catch (RedisException)
            {
                // Try the next one.
            }
        }

        return null;
    }

    /// <summary>The node's own view: "master", "slave", or null when it does not answer.</summary>
    public static async Task<string?> RoleAsync(NodeProcess node, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await RedisProbe.QueryAsync(node.Address, NodeConfig.Password, new RedisCommand("ROLE"), cancellationToken);
            return reply[0].AsString();
        }
        catch (RedisException)
        {
            return null;
        }
    }

    /// <summary>The data node Sentinel names as master, once that node also says it is master and the other one (if running) replicates from it.</summary>
    public async Task<NodeProcess?> SettledMasterAsync(CancellationToken cancellationToken)
    {
        var address = await SentinelMasterAsync(cancellationToken);
        var master = address == Master.Address ? Master : address == Replica.Address ? Replica : null;
        if (master is null || await RoleAsync(master, cancellationToken) != "master")
        {
            return null;
        }

        var other = master == Master ? Replica : Master;
        if (other.IsRunning)
        {
            try
            {
                var info = await RedisProbe.QueryAsync(other.Address, NodeConfig.Password, new RedisCommand("INFO", "replication"), cancellationToken);
                var text = info.AsString() ?? string.Empty;
                if (!text.Contains("role:slave", StringComparison.Ordinal) || !text.Contains($"master_port:{master.Port}", StringComparison.Ordinal)
                    || !text.Contains("master_link_status:up", StringComparison.Ordinal))
                {
                    return null;
                }
            }
            catch (RedisException)
            {
                return null;
            }
        }

        return master;
    }

    /// <summary><c>SENTINEL FAILOVER</c>, asked of the first Sentinel that accepts it.</summary>
    public async Task FailoverAsync(CancellationToken cancellationToken)
    {
        foreach (var sentinel in Sentinels)
        {
            try
            {
                await RedisProbe.QueryAsync(sentinel.Address, NodeConfig.Password, new RedisCommand("SENTINEL", "FAILOVER", NodeConfig.MasterName), cancellationToken);
                return;
            }
            catch (RedisException)
            {
                // Try the next one.
            }
        }

        throw new InvalidOperationException("No Sentinel accepted SENTINEL FAILOVER.");
    }

    public ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder.
        }

        return ValueTask.CompletedTask;
    }

    private static IPAddress Ip(int last) => new([127, 0, 5, (byte)last]);

    private NodeProcess Track(NodeProcess node)
    {
        _nodes.Add(node);
        return node;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        await RedisProbe.WaitUntilAsync("replication and Sentinel discovery", TimeSpan.FromSeconds(40), async () =>
        {
            if (await SettledMasterAsync(cancellationToken) != Master)
            {
                return false;
            }

            foreach (var sentinel in Sentinels)
            {
                var reply = await RedisProbe.QueryAsync(sentinel.Address, NodeConfig.Password, new RedisCommand("SENTINEL", "master", NodeConfig.MasterName), cancellationToken);
                var fields = new Dictionary<string, string>();
                for (var i = 0; i + 1 < reply.Count; i += 2)
                {
                    fields[reply[i].AsString()!] = reply[i + 1].AsString()!;
                }

                if (fields.GetValueOrDefault("flags") != "master" || fields.GetValueOrDefault("num-slaves") != "1"
                    || fields.GetValueOrDefault("num-other-sentinels") != "2")
                {
                    return false;
                }
            }

            return true;
        }, cancellationToken);
    }
}
