namespace Meeting.Server.Rooms;

/// <summary>What a logged room event is. The names are the hub's wire names for the same events.</summary>
public enum RoomEventKind
{
    Chat,
    PeerJoined,
    PeerLeft,
    PeerReconnected,
}
