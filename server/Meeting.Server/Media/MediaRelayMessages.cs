namespace Meeting.Server.Media;

/// <summary>
/// A media call forwarded to the room's home (JSON on <c>{prefix}:media:{homeServerId}</c>). The peer id
/// is the one the forwarding server read from the caller's session: the home trusts it as it trusts
/// every other server on the shared Redis.
/// </summary>
internal sealed record MediaRelayRequest(
    string Id,
    string ReplyTo,
    string Operation,
    string Room,
    string PeerId,
    string? TransportId = null,
    string? Sdp = null,
    int Revision = 0,
    string? Kind = null,
    bool Muted = false)
{
    public const string Join = "join";
    public const string Answer = "answer";
    public const string Mute = "mute";
    public const string Leave = "leave";
}

/// <summary>The home's answer, on the requester's reply channel: a result, or a refused call's code and message.</summary>
internal sealed record MediaRelayReply(string Id, MediaJoinResponseDto? Join = null, string? Code = null, string? Message = null);

/// <summary>MediaJoin's result as it travels between servers.</summary>
internal sealed record MediaJoinResponseDto(string TransportId, string Sdp, int Revision, IReadOnlyList<PeerMutedMessage> Mutes);
