using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>
/// Something that happened in a room that a peer who was away must still learn: a chat message or a
/// change of the roster. <see cref="PeerId"/> is the sender of a chat or the peer that joined, left or
/// reconnected; <see cref="DisplayName"/> is set for chat and joins, <see cref="Text"/> for chat.
/// </summary>
public sealed record RoomEvent(RoomEventKind Kind, PeerId PeerId, string? DisplayName, string? Text, DateTimeOffset At)
{
    public static RoomEvent Chat(PeerId from, string displayName, string text, DateTimeOffset at) => new(RoomEventKind.Chat, from, displayName, text, at);

    public static RoomEvent Joined(PeerId peer, string displayName, DateTimeOffset at) => new(RoomEventKind.PeerJoined, peer, displayName, null, at);

    public static RoomEvent Left(PeerId peer, DateTimeOffset at) => new(RoomEventKind.PeerLeft, peer, null, null, at);

    public static RoomEvent Reconnected(PeerId peer, DateTimeOffset at) => new(RoomEventKind.PeerReconnected, peer, null, null, at);
}
