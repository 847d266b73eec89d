namespace Meeting.Server.Hubs;

/// <summary>
/// The machine-readable codes a hub call can fail with. A failed call's error text is
/// <c>"{code}: {human detail}"</c>; clients switch on the part before the first colon.
/// </summary>
public static class MeetingErrorCodes
{
    public const string Unauthenticated = "unauthenticated";
    public const string InvalidRoom = "invalid_room";
    public const string InvalidName = "invalid_name";
    public const string InvalidMessage = "invalid_message";
    public const string InvalidPayload = "invalid_payload";
    public const string InvalidEventId = "invalid_event_id";
    public const string RoomFull = "room_full";
    public const string NotInRoom = "not_in_room";
    public const string UnknownPeer = "unknown_peer";
    public const string PeerUnavailable = "peer_unavailable";
    public const string PayloadTooLarge = "payload_too_large";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string TooManyConnections = "too_many_connections";

    // Room access (hosts, locks, lobby, invites).
    public const string NotHost = "not_host";
    public const string InLobby = "in_lobby";
    public const string LobbyFull = "lobby_full";
    public const string Refused = "refused";
    public const string Removed = "removed";
    public const string InvalidInvite = "invalid_invite";
    public const string InviteExpired = "invite_expired";
    public const string RoomNotFound = "room_not_found";
    public const string RoomExists = "room_exists";
}
