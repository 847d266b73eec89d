using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>A room's access as one peer meets it: who hosts it, whether it is locked, and whether this peer
/// was denied (refused or removed) or admitted from the lobby.</summary>
public sealed record RoomAccessView(PeerId? Host, bool Locked, RoomDenial? Denial, bool Admitted);
