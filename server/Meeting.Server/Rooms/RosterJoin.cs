namespace Meeting.Server.Rooms;

public enum RosterJoinKind
{
    /// <summary>The peer was not in the room and now is.</summary>
    Joined,

    /// <summary>The peer was already in the room (away, or on another connection) and now uses this connection.</summary>
    Rejoined,

    /// <summary>The room has no place left; nothing changed.</summary>
    RoomFull,
}

/// <summary>What a join did, and who else is in the room afterwards.</summary>
/// <param name="Replaced">The peer's previous place, when it was rejoined.</param>
public sealed record RosterJoin(RosterJoinKind Kind, RoomMember? Replaced, IReadOnlyList<RoomMember> Others);
