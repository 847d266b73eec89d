using Meeting.Server.Rooms;

namespace Meeting.Server.Hubs;

/// <summary>Registers room access (hosts, locks, lobby, invites) in memory; shared state replaces the store with Redis.</summary>
internal static class RoomAccessExtensions
{
    public static IServiceCollection AddRoomAccess(this IServiceCollection services)
    {
        services.AddSingleton<IRoomAccessStore, InMemoryRoomAccessStore>();
        services.AddSingleton<RoomInviteCodec>();
        services.AddSingleton<RoomHostSuccession>();
        services.AddSingleton<RoomAccessGate>();
        services.AddSingleton<RoomHostControls>();
        return services;
    }
}
