using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>A peer's place in a room. <see cref="AwaySince"/> is set while its connection is gone
/// and it is inside its reconnect grace.</summary>
public sealed record RoomMember(PeerId PeerId, string DisplayName, string ConnectionId, DateTimeOffset? AwaySince)
{
    public bool IsAway => AwaySince is not null;
}
