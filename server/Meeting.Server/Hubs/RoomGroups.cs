using Meeting.Server.Domain;

namespace Meeting.Server.Hubs;

/// <summary>The SignalR group that carries a room's broadcasts.</summary>
internal static class RoomGroups
{
    public static string For(RoomId room) => "room:" + room.Value;
}
