namespace Meeting.Redis.Commands;

/// <summary>Hashes: HSET, HGET, HGETALL, HDEL.</summary>
public static class HashCommands
{
    /// <summary>HSET of one field: true if the field is new.</summary>
    public static async Task<bool> HashSetAsync(this IRedisConnection connection, string key, string field, RedisArgument value, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("HSET", key, field, value), cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <summary>HSET of several fields: the number of new fields.</summary>
    public static async Task<long> HashSetAsync(
        this IRedisConnection connection,
        string key,
        IEnumerable<KeyValuePair<string, RedisArgument>> fields,
        CancellationToken cancellationToken = default)
    {
        var arguments = new List<RedisArgument> { key };
        foreach (var (field, value) in fields)
        {
            arguments.Add(field);
            arguments.Add(value);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(arguments.Count, 3, nameof(fields));
        return (await connection.ExecuteAsync(new RedisCommand("HSET", [.. arguments]), cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    /// <summary>HGET: the field's value, or null.</summary>
    public static async Task<string?> HashGetAsync(this IRedisConnection connection, string key, string field, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("HGET", key, field), cancellationToken).ConfigureAwait(false)).AsString();

    /// <summary>HGETALL: every field and value (empty when the key does not exist).</summary>
    public static async Task<Dictionary<string, string>> HashGetAllAsync(this IRedisConnection connection, string key, CancellationToken cancellationToken = default)
    {
        var reply = await connection.ExecuteAsync(new RedisCommand("HGETALL", key), cancellationToken).ConfigureAwait(false);
        var items = reply.AsSpan();
        var result = new Dictionary<string, string>(items.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            result[items[i].AsString()!] = items[i + 1].AsString()!;
        }

        return result;
    }

    /// <summary>HDEL of one field: true if it existed.</summary>
    public static async Task<bool> HashDeleteAsync(this IRedisConnection connection, string key, string field, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("HDEL", key, field), cancellationToken).ConfigureAwait(false)).AsInt64() == 1;
}
