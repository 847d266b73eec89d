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
        Data = new RedisClient(WithName(options, serverId), loggers, time);
        Durable = new RedisClient(WithName(options, serverId + "-durable"), loggers, time);
    }

    public RedisClient Data { get; }

    public RedisClient Durable { get; }

    public async ValueTask DisposeAsync()
    {
        await Durable.DisposeAsync();
        await Data.DisposeAsync();
    }

    private static RedisOptions WithName(RedisOptions options, string name)
    {
        var copy = new RedisOptions
        {
            EndPoint = options.EndPoint,
            MasterName = options.MasterName,
            User = options.User,
            Password = options.Password,
            SentinelUser = options.SentinelUser,
            SentinelPassword = options.SentinelPassword,
            Database = options.Database,
            ClientName = name,
            ConnectTimeout = options.ConnectTimeout,
            CommandTimeout = options.CommandTimeout,
            WaitForConnectionTimeout = options.WaitForConnectionTimeout,
            ReconnectMinDelay = options.ReconnectMinDelay,
            ReconnectMaxDelay = options.ReconnectMaxDelay,
        };
        foreach (var sentinel in options.Sentinels)
        {
            copy.Sentinels.Add(sentinel);
        }

        return copy;
    }
}
