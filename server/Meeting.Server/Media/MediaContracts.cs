namespace Meeting.Server.Media;

// The media part of the hub's public wire contract (the rest is in Hubs/HubContracts.cs), kept here so
// that media serves the hub without importing it. Fields are only ever added.

/// <summary>What <c>MediaJoin</c> returns: the peer's new transport at the room's home and the server's offer
/// for it (answer with <c>MediaAnswer</c>), and who in the room is muted.</summary>
public sealed record MediaJoinResponse(string TransportId, string Sdp, int Revision, IReadOnlyList<PeerMutedMessage> Mutes);

/// <summary>Sent with <c>MediaOffer</c>: a renegotiation of the transport (peers' tracks came or went).</summary>
public sealed record MediaOfferMessage(string TransportId, string Sdp, int Revision);

/// <summary>Sent with <c>MediaClosed</c>: the transport is gone and why (<c>timeout</c>, <c>dtls_failed</c>).</summary>
public sealed record MediaClosedMessage(string TransportId, string Reason);

/// <summary>Sent with <c>PeerMuted</c>, and listed in <c>MediaJoin</c>'s reply: <see cref="Kind"/> is <c>audio</c> or <c>video</c>.</summary>
public sealed record PeerMutedMessage(string PeerId, string Kind, bool Muted);
