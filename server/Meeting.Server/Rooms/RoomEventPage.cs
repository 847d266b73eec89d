namespace Meeting.Server.Rooms;

/// <summary>What a read of a room's log found, oldest first.</summary>
/// <param name="Truncated">True when events after the requested id are missing from <paramref name="Events"/>:
/// the bounded log had already dropped them, or more followed than one read returns (then the newest are kept).</param>
public sealed record RoomEventPage(IReadOnlyList<LoggedRoomEvent> Events, bool Truncated)
{
    public static RoomEventPage Empty { get; } = new([], false);
}
