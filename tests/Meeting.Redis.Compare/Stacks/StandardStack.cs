using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Meeting.Redis.Compare.Stacks;

/// <summary>
/// StackExchange.Redis with the official backplane (Microsoft.AspNetCore.SignalR.StackExchangeRedis), configured as
/// /work/shared/DESIGN.md records: the Sentinels as endpoints, <c>ServiceName</c>, <c>AbortOnConnectFail = false</c>,
/// everything else at its defaults.
/// </summary>
internal sealed class StandardStack(IReadOnlyList<string> sentinels, string masterName, string password) : IRedisStack
{
    public string Name => "SE.Redis + official";

    public async Task<IKeyWriter> ConnectWriterAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration("compare-writer"));
        return new StandardWriter(multiplexer);
    }

    public Task<IAsyncDisposable?> AddBackplaneAsync(WebApplicationBuilder builder, string hostName, CancellationToken cancellationToken)
    {
        builder.Services.AddSignalR().AddStackExchangeRedis(o =>
        {
            o.Configuration = Configuration("compare-" + hostName);
            o.Configuration.ChannelPrefix = RedisChannel.Literal("compare");
        });
        return Task.FromResult<IAsyncDisposable?>(null);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ConfigurationOptions Configuration(string clientName)
    {
        var options = new ConfigurationOptions
        {
            ServiceName = masterName,
            Password = password,
            AbortOnConnectFail = false,
            ClientName = clientName,
        };
        foreach (var sentinel in sentinels)
        {
            options.EndPoints.Add(sentinel);
        }

        return options;
    }

    private sealed class StandardWriter(ConnectionMultiplexer multiplexer) : IKeyWriter
    {
        private readonly IDatabase _database = multiplexer.GetDatabase();

        public Task SetAsync(string key, long value) => _database.StringSetAsync(key, value);

        public ValueTask DisposeAsync() => multiplexer.DisposeAsync();
    }
}
