namespace Meeting.Server.Rooms;

/// <summary>
/// The one server that hosts a room's media (the SFU's Router, once it arrives) and where its
/// signalling converges. <see cref="Epoch"/> grows with every change of home, so a server that lost
/// its lease can tell, from a newer epoch, that it must stop acting as the home.
/// </summary>
public sealed record RoomHome(string ServerId, string Site, long Epoch);

/// <summary>A room's home, and whether this call is what made it so.</summary>
/// <param name="Claimed">True when this server has just become the home (a new room, or a takeover).</param>
public readonly record struct RoomHomeClaim(RoomHome Home, bool Claimed);
