using Meeting.Redis;
using Meeting.Redis.Commands;
using Meeting.Server.Domain;
using Meeting.Server.Rooms;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>
/// Each room's log as a Redis stream (<see cref="RedisKeys.RoomEvents"/>), shared by every server of every
/// site, so a peer whose server died catches up at the other site. Stream ids are the event ids; the
/// stream is trimmed with <c>MAXLEN ~</c> and expires <c>RoomTtl</c> after its last event.
/// </summary>
internal sealed class RedisRoomEventLog : IRoomEventLog
{
    private readonly SharedStateClients _redis;
    private readonly RedisKeys _keys;
    private readonly RoomEventScripts _scripts;
    private readonly SharedStateOptions _shared;
    private readonly RoomEventLogOptions _options;

    public RedisRoomEventLog(SharedStateClients redis, RedisKeys keys, RoomEventScripts scripts, IOptions<SharedStateOptions> shared, IOptions<RoomEventLogOptions> options)
    {
        _redis = redis;
        _keys = keys;
        _scripts = scripts;
        _shared = shared.Value;
        _options = options.Value;
    }

    public async ValueTask<RoomEventId> AppendAsync(RoomId room, RoomEvent roomEvent, CancellationToken cancellationToken = default)
    {
        var arguments = new List<RedisArgument> { _options.Length, (long)_shared.RoomTtl.TotalMilliseconds };
        arguments.AddRange(RoomEventStreamCodec.Encode(roomEvent));
        var reply = await RedisGuard.RunAsync("log the room's event", () => _scripts.Append.EvaluateAsync(_redis.Data, [_keys.RoomEvents(room)], arguments, cancellationToken));
        return RoomEventId.TryParse(reply.AsString(), out var id)
            ? id
            : throw new RedisProtocolException($"XADD returned '{reply}', not a stream id.");
    }

    public async ValueTask<RoomEventPage> ReadAsync(RoomId room, RoomEventId after, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (after == RoomEventId.Max)
        {
            return RoomEventPage.Empty;
        }

        // Newest first and one more than asked for: then the reply tells whether more followed `after` than fit.
        var entries = await RevRangeAsync(room, "(" + after, max + 1, cancellationToken);
        if (entries.Count == 0)
        {
            return RoomEventPage.Empty;
        }

        var truncated = entries.Count > max;
        var kept = truncated ? entries.GetRange(0, max) : entries;
        var events = new List<LoggedRoomEvent>(kept.Count);
        var oldestPrevious = RoomEventId.Zero;
        for (var i = kept.Count - 1; i >= 0; i--)
        {
            var decoded = RoomEventStreamCodec.TryDecode(kept[i], out var logged, out var previous);
            if (i == kept.Count - 1)
            {
                oldestPrevious = previous;
            }

            if (decoded)
            {
                events.Add(logged!);
            }
        }

        // The oldest entry returned names the one before it: newer than `after` means trimming took it.
        truncated |= oldestPrevious > after;
        return new RoomEventPage(events, truncated);
    }

    public async ValueTask<RoomEventId> LatestAsync(RoomId room, CancellationToken cancellationToken = default)
    {
        var entries = await RevRangeAsync(room, "-", 1, cancellationToken);
        return entries.Count > 0 && RoomEventId.TryParse(entries[0].Id, out var id) ? id : RoomEventId.Zero;
    }

    /// <summary>XREVRANGE from the newest entry down to <paramref name="start"/>, at most <paramref name="count"/> entries.</summary>
    private async Task<List<StreamEntry>> RevRangeAsync(RoomId room, string start, int count, CancellationToken cancellationToken)
    {
        var reply = await RedisGuard.RunAsync("read the room's events", () => _redis.Data.ExecuteAsync(
            new RedisCommand("XREVRANGE", _keys.RoomEvents(room), "+", start, "COUNT", count),
            cancellationToken));
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
