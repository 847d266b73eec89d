namespace Meeting.Server.Rooms;

/// <summary>Registers each room's event log (in memory; <c>AddSharedState</c> replaces it with Redis) and its options.</summary>
public static class RoomEventLogExtensions
{
    public static IServiceCollection AddRoomEventLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RoomEventLogOptions>().Bind(configuration.GetSection(RoomEventLogOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IRoomEventLog, InMemoryRoomEventLog>();
        services.AddSingleton<RoomHistory>();
        return services;
    }
}
