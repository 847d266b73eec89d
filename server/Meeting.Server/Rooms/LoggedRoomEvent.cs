namespace Meeting.Server.Rooms;

/// <summary>An event as its room's log holds it.</summary>
public sealed record LoggedRoomEvent(RoomEventId Id, RoomEvent Event);
