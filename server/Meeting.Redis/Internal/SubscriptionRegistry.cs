namespace Meeting.Redis.Internal;

/// <summary>The handlers of each channel and pattern; what a new connection subscribes to again.</summary>
internal sealed class SubscriptionRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Action<RedisMessage>[]> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action<RedisMessage>[]> _patterns = new(StringComparer.Ordinal);

    /// <summary>Adds a handler; true when it is the first for that name.</summary>
    public bool Add(bool isPattern, string name, Action<RedisMessage> handler)
    {
        lock (_lock)
        {
            var map = isPattern ? _patterns : _channels;
            var first = !map.TryGetValue(name, out var handlers);

            // Arrays are replaced, never changed, so that the dispatch loop can use a snapshot without the lock.
            map[name] = first ? [handler] : [.. handlers!, handler];
            return first;
        }
    }

    /// <summary>Removes one handler, or all of them when <paramref name="handler"/> is null; true when none is left.</summary>
    public bool Remove(bool isPattern, string name, Action<RedisMessage>? handler)
    {
        lock (_lock)
        {
            var map = isPattern ? _patterns : _channels;
            if (!map.TryGetValue(name, out var handlers))
            {
                return false;
            }

            var left = handler is null ? [] : handlers.Where(h => h != handler).ToArray();
            if (left.Length == 0)
            {
                map.Remove(name);
                return true;
            }

            map[name] = left;
            return false;
        }
    }

    public Action<RedisMessage>[] Get(bool isPattern, string name)
    {
        lock (_lock)
        {
            return (isPattern ? _patterns : _channels).TryGetValue(name, out var handlers) ? handlers : [];
        }
    }

    public (string[] Channels, string[] Patterns) Snapshot()
    {
        lock (_lock)
        {
            return ([.. _channels.Keys], [.. _patterns.Keys]);
        }
    }
}
