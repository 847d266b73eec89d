namespace Meeting.Redis.Commands;

/// <summary>Sets: SADD, SREM, SMEMBERS.</summary>
public static class SetCommands
{
    /// <summary>SADD of one member: true if it was not there.</summary>
    public static async Task<bool> SetAddAsync(this IRedisConnection connection, string key, RedisArgument member, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("SADD", key, member), cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <summary>SREM of one member: true if it was there.</summary>
    public static async Task<bool> SetRemoveAsync(this IRedisConnection connection, string key, RedisArgument member, CancellationToken cancellationToken = default) =>
        (await connection.ExecuteAsync(new RedisCommand("SREM", key, member), cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <summary>SMEMBERS: every member as text, in no particular order.</summary>
    public static async Task<string[]> SetMembersAsync(this IRedisConnection connection, string key, CancellationToken cancellationToken = default)
    {
        var reply = await connection.ExecuteAsync(new RedisCommand("SMEMBERS", key), cancellationToken).ConfigureAwait(false);
        var items = reply.AsSpan();
        var members = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            members[i] = items[i].AsString()!;
        }

        return members;
    }
}
