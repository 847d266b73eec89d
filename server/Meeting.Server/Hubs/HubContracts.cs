using System.Text.Json;
using System.Text.Json.Serialization;
using Meeting.Server.Rooms;

namespace Meeting.Server.Hubs;

// The hub's public wire contract. SignalR's JSON protocol writes these camelCase. Fields are only ever
// added, so older clients keep working: an `eventId` they do not know is ignored.
//
// Event ids: chat and roster events (PeerJoined, PeerLeft, PeerReconnected) are logged per room before
// they are sent, and carry the id the log gave them, "{ms}-{seq}" — ordered within the room by the
// first number, then the second. An id is null only when the log could not be written (a roster change
// during a store outage is announced anyway).

/// <summary>What <c>Join</c> returns. <see cref="LastEventId"/> is the room's newest event id at the join
/// (the joiner's own PeerJoined or PeerReconnected, if it caused one; <c>0-0</c> for an empty log): history
/// for <c>Replay</c> starts after it. Null when the log could not be read. <see cref="HostPeerId"/> is the
/// peer hosting the room (the joiner itself when its join created the room); null when it has none.</summary>
public sealed record JoinResponse(string PeerId, string Room, string Site, IReadOnlyList<PeerInfo> Peers, string? LastEventId, RoomHomeInfo Home, string? HostPeerId = null);

/// <summary>Where a room lives: its home server's site, and the fencing epoch that grows with every move.
/// Sent in <c>Join</c>'s reply and with <c>RoomHomeChanged</c>.</summary>
public sealed record RoomHomeInfo(string Site, long Epoch);

/// <summary>A peer as others see it, in the roster.</summary>
public sealed record PeerInfo(string PeerId, string DisplayName);

/// <summary>Sent with <c>PeerJoined</c>: the peer as in the roster, and the event's id.</summary>
public sealed record PeerJoinedMessage(string PeerId, string DisplayName, string? EventId);

/// <summary>Sent with <c>PeerLeft</c> and <c>PeerReconnected</c>.</summary>
public sealed record PeerRef(string PeerId, string? EventId = null);

/// <summary>A relayed offer, answer or ICE candidate; <see cref="FromPeerId"/> is set by the server, never by the sender.</summary>
public sealed record SignalMessage(string FromPeerId, JsonElement Payload);

public sealed record ChatMessage(string FromPeerId, string DisplayName, string Text, DateTimeOffset SentAt, string? EventId = null);

/// <summary>What <c>Replay</c> returns: the room's events after the id asked for, oldest first.</summary>
/// <param name="Truncated">True when some events after that id are not in <paramref name="Events"/>: the
/// bounded log no longer reaches back that far (or more followed than one reply holds; the newest are kept).</param>
public sealed record ReplayResponse(IReadOnlyList<ReplayedEvent> Events, bool Truncated);

/// <summary>
/// One logged event as <c>Replay</c> returns it: <see cref="Type"/> is the name of the server-to-client
/// message it was sent as (<c>Chat</c>, <c>PeerJoined</c>, <c>PeerLeft</c>, <c>PeerReconnected</c>), and the
/// other fields are that message's: <c>peerId</c> (+ <c>displayName</c> for PeerJoined), or for Chat
/// <c>fromPeerId</c>, <c>displayName</c>, <c>text</c>, <c>sentAt</c>. Fields an event does not have are left out.
/// </summary>
public sealed record ReplayedEvent(
    string Type,
    string EventId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PeerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FromPeerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DisplayName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SentAt)
{
    internal static ReplayedEvent From(LoggedRoomEvent logged)
    {
        var (kind, peer, name, text, at) = logged.Event;
        var type = kind.ToString();
        var id = logged.Id.ToString();
        return kind == RoomEventKind.Chat
            ? new ReplayedEvent(type, id, null, peer.Value, name, text, at)
            : new ReplayedEvent(type, id, peer.Value, null, kind == RoomEventKind.PeerJoined ? name : null, null, null);
    }
}

