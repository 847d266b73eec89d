using Meeting.Server.Domain;

namespace Meeting.Server.SharedState;

/// <summary>A connection's place in a room, as the roster's sets store it: <c>roomId\npeerId\nconnectionId</c>
/// (none of the three can contain a newline).</summary>
internal readonly record struct RosterPlace(RoomId Room, PeerId Peer, string ConnectionId)
{
    /// <summary>The place without its connection, which a script completes with the connection it finds.</summary>
    public static string Prefix(RoomId room, PeerId peer) => room.Value + "\n" + peer.Value + "\n";

    public static bool TryParse(string? text, out RosterPlace place)
    {
        place = default;
        var parts = text?.Split('\n');
        if (parts is not { Length: 3 } || !RoomId.TryParse(parts[0], out var room) || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return false;
        }

        place = new RosterPlace(room, new PeerId(parts[1]), parts[2]);
        return true;
    }

    public override string ToString() => Prefix(Room, Peer) + ConnectionId;
}
