namespace Meeting.Redis.Commands;

/// <summary>Server and replication: PING, PUBLISH, WAIT, CLIENT LIST, ROLE, INFO.</summary>
public static class ServerCommands
{
    /// <summary>PING: the server's answer (<c>PONG</c>).</summary>
    public static async Task<string> PingAsync(this IRedisConnection connection, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("PING"), cancellationToken).ConfigureAwait(false)).AsString()!;

    /// <summary>PUBLISH: the number of subscribers (on this server) that received the message.</summary>
    public static async Task<long> PublishAsync(this IRedisConnection connection, string channel, RedisArgument message, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("PUBLISH", channel, message), cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>
    /// WAIT: blocks until <paramref name="replicas"/> replicas acknowledged the writes made so far on this connection,
    /// or <paramref name="timeout"/> passed; returns how many did. It blocks every caller sharing the connection
    /// meanwhile, so keep the timeout short.
    /// </summary>
    public static async Task<long> WaitForReplicasAsync(this IRedisConnection connection, int replicas, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var milliseconds = (long)Math.Ceiling(timeout.TotalMilliseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(milliseconds, 1, nameof(timeout));

        // The reply takes up to the blocking time itself, on top of the usual wait.
        var command = new RedisCommand("WAIT", replicas, milliseconds).WithTimeout(timeout + TimeSpan.FromSeconds(5));
        return (await connection.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    /// <summary>CLIENT LIST TYPE normal: the names the connected clients gave themselves (CLIENT SETNAME);
    /// clients without a name are left out.</summary>
    public static async Task<IReadOnlySet<string>> ClientNamesAsync(this IRedisConnection connection, CancellationToken cancellationToken = default)
    {
        var text = (await connection.ExecuteAsync(new RedisCommand("CLIENT", "LIST", "TYPE", "normal"), cancellationToken).ConfigureAwait(false)).AsString() ?? string.Empty;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "id=3 addr=127.0.0.1:50000 laddr=... fd=8 name=gra-... age=..." (fields are space-separated key=value).
            foreach (var field in line.Split(' '))
            {
                if (field.StartsWith("name=", StringComparison.Ordinal) && field.Length > 5)
                {
                    names.Add(field[5..]);
                }
            }
        }

        return names;
    }

    /// <summary>ROLE: whether the server is a master, a replica (and of whom) or a Sentinel.</summary>
    public static async Task<RedisRole> RoleAsync(this IRedisConnection connection, CancellationToken cancellationToken = default) =>
        RedisRole.FromReply(await connection.ExecuteAsync(new RedisCommand("ROLE"), cancellationToken).ConfigureAwait(false));

    /// <summary>INFO of one section (<c>replication</c>, <c>server</c>…) as its <c>field:value</c> lines.</summary>
    public static async Task<Dictionary<string, string>> InfoAsync(this IRedisConnection connection, string section, CancellationToken cancellationToken = default)
    {
        var text = (await connection.ExecuteAsync(new RedisCommand("INFO", section), cancellationToken).ConfigureAwait(false)).AsString() ?? string.Empty;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith('#'))
            {
                fields[line[..colon]] = line[(colon + 1)..];
            }
        }

        return fields;
    }
}
