namespace Meeting.Server.Rooms;

/// <summary>Why a session may not enter a room again: the host refused it at the lobby, or removed it.</summary>
public enum RoomDenial
{
    Refused,
    Removed,
}
