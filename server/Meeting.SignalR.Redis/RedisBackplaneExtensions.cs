using Meeting.Redis;
using Meeting.SignalR.Redis.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Meeting.SignalR.Redis;

/// <summary>Wires the Redis backplane into SignalR.</summary>
public static class RedisBackplaneExtensions
{
    /// <summary>
    /// Replaces SignalR's in-memory <see cref="HubLifetimeManager{THub}"/> with <see cref="RedisHubLifetimeManager{THub}"/>
    /// for every hub. The bus is <see cref="RedisBackplaneBus"/> over the <see cref="RedisClient"/> registered in the
    /// container (or else its <see cref="IRedisConnection"/> and <see cref="IRedisSubscriber"/>), unless an
    /// <see cref="IBackplaneBus"/> is registered already. Invalid options fail when the host starts.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddSingleton(redisClient);
    /// builder.Services.AddSignalR().AddRedisBackplane(o => o.ChannelPrefix = "meeting");
    /// </code>
    /// </example>
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder builder, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = AddCore(builder.Services);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder;
    }

    /// <summary>As <see cref="AddRedisBackplane(ISignalRServerBuilder, Action{RedisBackplaneOptions}?)"/>, binding the options from <paramref name="configuration"/> (for example the <see cref="RedisBackplaneOptions.SectionName"/> section).</summary>
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(builder.Services).Bind(configuration);
        return builder;
    }

    private static OptionsBuilder<RedisBackplaneOptions> AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisBackplaneOptions>, RedisBackplaneOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBackplaneBus>(static sp => sp.GetService<RedisClient>() is { } client
            ? new RedisBackplaneBus(client)
            : new RedisBackplaneBus(sp.GetRequiredService<IRedisConnection>(), sp.GetRequiredService<IRedisSubscriber>()));
        services.RemoveAll(typeof(HubLifetimeManager<>));
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(RedisHubLifetimeManager<>));
        return services.AddOptions<RedisBackplaneOptions>().ValidateOnStart();
    }
}
