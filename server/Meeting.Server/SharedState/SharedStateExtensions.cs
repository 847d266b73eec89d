using Meeting.Redis;
using Meeting.SignalR.Redis;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Meeting.Server.Sessions;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>Moves sessions, rooms and the Data Protection key ring to Redis when <c>Meeting:Redis</c> names
/// an endpoint or Sentinels; otherwise the server stays single-node and in memory.</summary>
public static class SharedStateExtensions
{
    public static bool IsSharedStateConfigured(this IConfiguration configuration)
    {
        var section = configuration.GetSection(SharedStateOptions.Section);
        return !string.IsNullOrWhiteSpace(section["EndPoint"]) || section.GetSection("Sentinels").GetChildren().Any();
    }

    /// <summary>A secret kept in a file (a systemd credential, a mounted secret), never in configuration itself.</summary>
    private static string? ReadSecretFile(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"The Redis secret file '{path}' cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidOperationException($"The Redis secret file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    public static IServiceCollection AddSharedState(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SharedStateOptions.Section);
        var redis = section.Get<RedisOptions>() ?? new RedisOptions();
        redis.Password ??= ReadSecretFile(section["PasswordFile"]);
        redis.SentinelPassword ??= ReadSecretFile(section["SentinelPasswordFile"]);
        redis.Validate();
        services.AddOptions<SharedStateOptions>().Bind(configuration.GetSection(SharedStateOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SharedStateOptions>, SharedStateOptionsValidator>();

        services.AddSingleton(sp => new SharedStateClients(
            redis,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ServiceInfo>().ServerId));
        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<SharedStateOptions>>().Value.KeyPrefix));
        services.AddSingleton<RosterScripts>();
        // First of all hosted services: Data Protection's reads the key ring from Redis as it starts.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SharedStateConnector>());

        services.Replace(ServiceDescriptor.Singleton<ISessionStore, RedisSessionStore>());
        services.AddSingleton<RedisRoomRoster>();
        services.Replace(ServiceDescriptor.Singleton<IRoomRoster>(sp => sp.GetRequiredService<RedisRoomRoster>()));
        services.AddSingleton<RedisKeyRepository>();
        services.Replace(ServiceDescriptor.Singleton<IXmlRepository>(sp => sp.GetRequiredService<RedisKeyRepository>()));
        services.AddHostedService<KeyRingRefresher>();
        services.AddSingleton<RoomEventScripts>();
        services.Replace(ServiceDescriptor.Singleton<IRoomEventLog, RedisRoomEventLog>());
        services.Replace(ServiceDescriptor.Singleton<IRoomHomes, RedisRoomHomes>());
        services.AddSingleton<RoomAccessScripts>();
        services.Replace(ServiceDescriptor.Singleton<IRoomAccessStore, RedisRoomAccessStore>());
        services.AddHostedService<ServerHeartbeat>();
        services.AddHostedService<RedisFailoverMetrics>();

        // SignalR's messages (to a connection, a room's group, everyone) cross servers over Redis pub/sub.
        services.AddSingleton<IBackplaneBus>(sp => new RedisBackplaneBus(sp.GetRequiredService<SharedStateClients>().Data));
        services.AddSignalR().AddRedisBackplane();
        services.AddOptions<RedisBackplaneOptions>().Configure<IOptions<SharedStateOptions>, ServiceInfo>((backplane, shared, service) =>
        {
            backplane.ChannelPrefix = shared.Value.KeyPrefix;
            backplane.ServerId = service.ServerId;
        });

        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}
