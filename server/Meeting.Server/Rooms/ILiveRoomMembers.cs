using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>The room members whose connection is open on this server: what the roster must hold whatever
/// the store lost or concluded while it was unreachable.</summary>
public interface ILiveRoomMembers
{
    /// <summary>A moment's copy, each member present (not away) on its own connection.</summary>
    IReadOnlyList<(RoomId Room, RoomMember Member)> Snapshot();
}
