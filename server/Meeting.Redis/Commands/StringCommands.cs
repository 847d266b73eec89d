namespace Meeting.Redis.Commands;

/// <summary>Keys and strings: GET, SET, DEL, EXISTS, EXPIRE, PEXPIRE, INCR.</summary>
public static class StringCommands
{
    /// <summary>GET: the value as UTF-8 text, or null when the key does not exist.</summary>
    public static async Task<string?> GetAsync(this IRedisConnection connection, string key, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("GET", key), cancellationToken).ConfigureAwait(false)).AsString();

    /// <summary>GET: the value's bytes, or null when the key does not exist.</summary>
    public static async Task<byte[]?> GetBytesAsync(this IRedisConnection connection, string key, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("GET", key), cancellationToken).ConfigureAwait(false)).AsBytes();

    /// <summary>SET with an optional expiry (<c>PX</c>) and condition (<c>NX</c>/<c>XX</c>): true if the value was written.</summary>
    public static async Task<bool> SetAsync(
        this IRedisConnection connection,
        string key,
        RedisArgument value,
        TimeSpan? expiry = null,
        SetCondition condition = SetCondition.Always,
        CancellationToken cancellationToken = default)
    {
        var arguments = new List<RedisArgument>(5) { key, value };
        if (expiry is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1), nameof(expiry));
            arguments.Add("PX");
            arguments.Add((long)ttl.TotalMilliseconds);
        }

        if (condition != SetCondition.Always)
        {
            arguments.Add(condition == SetCondition.IfNotExists ? "NX" : "XX");
        }

        // A condition that does not hold answers the null bulk string instead of +OK.
        var reply = await connection.ExecuteAsync(new RedisCommand("SET", [.. arguments]), cancellationToken).ConfigureAwait(false);
        return !reply.IsNull;
    }

    /// <summary>DEL: the number of keys removed.</summary>
    public static async Task<long> DeleteAsync(this IRedisConnection connection, string key, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("DEL", key), cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>DEL of several keys: the number removed.</summary>
    public static async Task<long> DeleteAsync(this IRedisConnection connection, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count, nameof(keys));
        var command = new RedisCommand("DEL", [.. keys.Select(k => (RedisArgument)k)]);
        return (await connection.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    /// <summary>EXISTS: whether the key exists.</summary>
    public static async Task<bool> ExistsAsync(this IRedisConnection connection, string key, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("EXISTS", key), cancellationToken).ConfigureAwait(false)).AsInt64() > 0;

    /// <summary>EXPIRE in whole seconds (rounded up): false if the key does not exist.</summary>
    public static async Task<bool> ExpireAsync(this IRedisConnection connection, string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        var seconds = (long)Math.Ceiling(expiry.TotalSeconds);
        return (await connection.ExecuteAsync(new RedisCommand("EXPIRE", key, seconds), cancellationToken).ConfigureAwait(false)).AsInt64() == 1;
    }

    /// <summary>PEXPIRE in milliseconds: false if the key does not exist.</summary>
    public static async Task<bool> PExpireAsync(this IRedisConnection connection, string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        var milliseconds = (long)Math.Ceiling(expiry.TotalMilliseconds);
        return (await connection.ExecuteAsync(new RedisCommand("PEXPIRE", key, milliseconds), cancellationToken).ConfigureAwait(false)).AsInt64() == 1;
    }

    /// <summary>INCR: the value after the increment.</summary>
    public static async Task<long> IncrementAsync(this IRedisConnection connection, string key, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("INCR", key), cancellationToken).ConfigureAwait(false)).AsInt64();
}
