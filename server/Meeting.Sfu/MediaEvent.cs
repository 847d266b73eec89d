namespace Meeting.Sfu;

/// <summary>Something the SFU tells the signalling layer, which delivers it to the peer's connection.</summary>
public abstract record MediaEvent(string Room, string PeerId);

/// <summary>A new offer for the peer's transport (peers came or went): the browser answers with <c>MediaAnswer</c>.</summary>
public sealed record MediaOfferReady(string Room, string PeerId, string TransportId, string Sdp, int Revision) : MediaEvent(Room, PeerId);

/// <summary>The transport closed without the peer asking (ICE consent lost, DTLS failed, a connect timeout).</summary>
public sealed record MediaTransportClosed(string Room, string PeerId, string TransportId, string Reason) : MediaEvent(Room, PeerId);
