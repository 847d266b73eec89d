namespace Meeting.SignalR.Redis;

/// <summary>
/// The publish/subscribe transport the backplane fans messages out over: fire-and-forget delivery to whoever is
/// subscribed to a channel right now, nothing kept for later. <see cref="RedisBackplaneBus"/> is the Redis one.
/// </summary>
/// <remarks>
/// What the backplane relies on:
/// <list type="bullet">
/// <item>Messages published by one bus arrive at every other bus in the order they were published, across channels.</item>
/// <item><see cref="SubscribeAsync"/> returns only once messages published after it returns will be delivered.</item>
/// <item>Subscriptions outlive a lost connection: the bus subscribes them again when it reconnects. Messages published
/// while it was away are lost.</item>
/// <item>Handlers are called one at a time, in arrival order, and must not block.</item>
/// </list>
/// </remarks>
public interface IBackplaneBus
{
    /// <summary>Publishes <paramref name="message"/> to every current subscriber of <paramref name="channel"/>.</summary>
    /// <remarks>Fails when the bus cannot be reached in time; the Redis bus throws Meeting.Redis's <c>RedisException</c>s.</remarks>
    Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="handler"/> with every message published to <paramref name="channel"/> until the returned
    /// subscription is disposed. The memory handed to the handler stays valid after it returns.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken = default);
}
