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
}
