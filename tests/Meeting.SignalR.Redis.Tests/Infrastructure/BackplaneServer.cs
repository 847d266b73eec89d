using Meeting.Redis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Meeting.SignalR.Redis.Tests.Infrastructure;

/// <summary>
/// One "server" of the backplane: its own Redis client (data and subscriber connections) and a SignalR container
/// wired with <see cref="RedisBackplaneExtensions.AddRedisBackplane"/>, as an application would be.
/// </summary>
public sealed class BackplaneServer : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BackplaneServer(RedisClient redis, ServiceProvider services)
    {
        Redis = redis;
        _services = services;
        Manager = services.GetRequiredService<HubLifetimeManager<TestHub>>();
    }

    public RedisClient Redis { get; }

    public HubLifetimeManager<TestHub> Manager { get; }

    public static async Task<BackplaneServer> StartAsync(string redisEndPoint, string serverId, Action<RedisBackplaneOptions> configure)
    {
        var redis = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = redisEndPoint,
            ClientName = serverId,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            CommandTimeout = TimeSpan.FromSeconds(2),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        }).WaitAsync(TimeSpan.FromSeconds(5));

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(redis);
        services.AddSignalR().AddRedisBackplane(options =>
        {
            options.ServerId = serverId;
            configure(options);
        });
        return new BackplaneServer(redis, services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        // The container owns (and disposes) the manager; the client was handed to it, so it is ours to close.
        await _services.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        await Redis.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }
}
