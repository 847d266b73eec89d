using Meeting.Redis;

namespace Meeting.Server.SharedState;

/// <summary>
/// The two Redis clients a server keeps: <see cref="Data"/> for everything, multiplexed and
/// pipelined, and <see cref="Durable"/> for writes that must reach the replica before they are
/// acknowledged. WAIT blocks the connection it runs on, so it gets a connection of its own rather
/// than stalling every signalling call behind a slow replica.
/// </summary>
internal sealed class SharedStateClients : IAsyncDisposable
{
    public SharedStateClients(RedisOptions options, ILoggerFactory loggers, TimeProvider time, string serverId)
    {
        Data = new RedisClient(options.WithClientName(serverId), loggers, time);
        Durable = new RedisClient(options.WithClientName(serverId + "-durable"), loggers, time);
    }

    public RedisClient Data { get; }

    public RedisClient Durable { get; }

    public async ValueTask DisposeAsync()
    {
        await Durable.DisposeAsync();
        await Data.DisposeAsync();
    }
}
