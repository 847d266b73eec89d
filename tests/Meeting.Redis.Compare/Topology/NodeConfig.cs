using System.Net;

namespace Meeting.Redis.Compare.Topology;

/// <summary>
/// The configuration files of the private topology: the settings of redis-sentinel/redis.conf.template and
/// sentinel.conf.template, with every node on its own 127.0.5.x address. On such an address a node must also
/// connect from it (<c>bind-source-addr</c>) and announce it, or Sentinel records 127.0.0.1 for it.
/// </summary>
internal static class NodeConfig
{
    public const string MasterName = "meeting";

    /// <summary>One secret for the data nodes and the Sentinels, as in the templates (StackExchange.Redis presents one password to both).</summary>
    public const string Password = "compare-secret";

    public static string DataNode(IPAddress ip, int port, string dir, string name, string? replicaOf) => $"""
        bind {ip}
        port {port}
        protected-mode yes
        bind-source-addr {ip}
        replica-announce-ip {ip}
        dir {dir}
        logfile {Path.Combine(dir, name + ".log")}
        daemonize no
        requirepass {Password}
        masterauth {Password}
        appendonly yes
        appendfsync everysec
        save ""
        min-replicas-to-write 0
        min-replicas-max-lag 10
        replica-read-only yes
        replica-serve-stale-data yes
        repl-backlog-size 16mb
        repl-backlog-ttl 3600
        repl-timeout 10
        replica-priority 100
        tcp-keepalive 30
        timeout 0
        maxmemory-policy noeviction
        {(replicaOf is null ? string.Empty : "replicaof " + replicaOf.Replace(':', ' '))}
        """;

    public static string Sentinel(IPAddress ip, int port, string dir, string name, string master) => $"""
        bind {ip}
        port {port}
        protected-mode yes
        bind-source-addr {ip}
        dir {dir}
        logfile {Path.Combine(dir, name + ".log")}
        daemonize no
        sentinel announce-ip {ip}
        sentinel announce-port {port}
        sentinel resolve-hostnames no
        sentinel monitor {MasterName} {master.Replace(':', ' ')} 2
        sentinel down-after-milliseconds {MasterName} 2000
        sentinel failover-timeout {MasterName} 10000
        sentinel parallel-syncs {MasterName} 1
        sentinel auth-pass {MasterName} {Password}
        requirepass {Password}
        sentinel sentinel-pass {Password}
        """;
}
