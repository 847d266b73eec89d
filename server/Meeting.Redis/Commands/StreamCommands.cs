namespace Meeting.Redis.Commands;

/// <summary>Streams: XADD, XRANGE.</summary>
public static class StreamCommands
{
    /// <summary>
    /// XADD with an auto-generated id; <paramref name="maxLength"/> trims with <c>MAXLEN ~</c>, which lets Redis keep a
    /// few more entries in exchange for cheap trimming. Returns the new entry's id.
    /// </summary>
    public static async Task<string> StreamAddAsync(
        this IRedisConnection connection,
        string key,
        IEnumerable<KeyValuePair<string, RedisArgument>> fields,
        long? maxLength = null,
        CancellationToken cancellationToken = default)
    {
        var arguments = new List<RedisArgument> { key };
        if (maxLength is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(maxLength));
            arguments.Add("MAXLEN");
            arguments.Add("~");
            arguments.Add(max);
        }

        arguments.Add("*");
        var before = arguments.Count;
        foreach (var (field, value) in fields)
        {
            arguments.Add(field);
            arguments.Add(value);
        }

        ArgumentOutOfRangeException.ThrowIfEqual(arguments.Count, before, nameof(fields));
        return (await connection.ExecuteAsync(new RedisCommand("XADD", [.. arguments]), cancellationToken).ConfigureAwait(false)).AsString()!;
    }

    /// <summary>XRANGE from <paramref name="start"/> to <paramref name="end"/> (ids, or <c>-</c> and <c>+</c>), at most <paramref name="count"/> entries.</summary>
    public static async Task<IReadOnlyList<StreamEntry>> StreamRangeAsync(
        this IRedisConnection connection,
        string key,
        string start = "-",
        string end = "+",
        int? count = null,
        CancellationToken cancellationToken = default)
    {
        var command = count is { } limit
            ? new RedisCommand("XRANGE", key, start, end, "COUNT", limit)
            : new RedisCommand("XRANGE", key, start, end);
        var reply = await connection.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        var entries = new List<StreamEntry>(reply.Count);
        foreach (var entry in reply.AsSpan())
        {
            var pairs = entry[1].AsSpan();
            var fields = new List<KeyValuePair<string, string>>(pairs.Length / 2);
            for (var i = 0; i + 1 < pairs.Length; i += 2)
            {
                fields.Add(new(pairs[i].AsString()!, pairs[i + 1].AsString()!));
            }

            entries.Add(new StreamEntry(entry[0].AsString()!, fields));
        }

        return entries;
    }
}
