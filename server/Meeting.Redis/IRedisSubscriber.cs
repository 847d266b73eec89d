namespace Meeting.Redis;

/// <summary>
/// Pub/sub over its own connection in RESP2 subscribe mode. Subscriptions survive reconnects: every channel and
/// pattern is subscribed again on the new connection. Messages published while disconnected are lost (Redis pub/sub
/// is at-most-once).
/// </summary>
public interface IRedisSubscriber
{
    /// <summary>
    /// Subscribes <paramref name="handler"/> to <paramref name="channel"/> and returns once the server confirmed it.
    /// Handlers run one message at a time, in order, on a dispatch loop: they must not block.
    /// </summary>
    Task<RedisSubscription> SubscribeAsync(string channel, Action<RedisMessage> handler, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="SubscribeAsync"/>, for a glob-style pattern (PSUBSCRIBE).</summary>
    Task<RedisSubscription> PatternSubscribeAsync(string pattern, Action<RedisMessage> handler, CancellationToken cancellationToken = default);

    /// <summary>Removes every handler of <paramref name="channel"/> and unsubscribes from it.</summary>
    Task UnsubscribeAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary>Removes every handler of <paramref name="pattern"/> and unsubscribes from it.</summary>
    Task PatternUnsubscribeAsync(string pattern, CancellationToken cancellationToken = default);
}
