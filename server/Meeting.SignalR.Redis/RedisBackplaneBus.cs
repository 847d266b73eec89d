using Meeting.Redis;

namespace Meeting.SignalR.Redis;

/// <summary>
/// The backplane's bus on Redis pub/sub: <c>PUBLISH</c> on the shared data connection, <c>SUBSCRIBE</c> on the
/// subscriber connection, which subscribes every channel again after a reconnect or a Sentinel failover.
/// </summary>
public sealed class RedisBackplaneBus : IBackplaneBus
{
    private readonly IRedisConnection _connection;
    private readonly IRedisSubscriber _subscriber;
    private readonly RedisClient? _client;

    /// <summary>Creates the bus over a data connection and a subscriber, usually both to the same master.</summary>
    public RedisBackplaneBus(IRedisConnection connection, IRedisSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(subscriber);
        _connection = connection;
        _subscriber = subscriber;
    }

    /// <summary>
    /// Creates the bus over a client's data connection and subscriber; publishes go through
    /// <see cref="RedisClient.PublishAsync"/>, held back after a failover until the subscriber is back on the new master.
    /// </summary>
    public RedisBackplaneBus(RedisClient client)
        : this(client, (client ?? throw new ArgumentNullException(nameof(client))).Subscriber)
    {
        _client = client;
    }

    /// <inheritdoc />
    public Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);

        // The reply counts the receivers and is not needed: zero is normal (a connection that has gone, a group with
        // no member elsewhere). Error replies and lost connections surface as the client's exceptions.
        return _client is not null
            ? _client.PublishAsync(channel, message, cancellationToken)
            : _connection.ExecuteAsync(new RedisCommand("PUBLISH", channel, message), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        return await _subscriber.SubscribeAsync(channel, message => handler(message.Payload), cancellationToken).ConfigureAwait(false);
    }
}
