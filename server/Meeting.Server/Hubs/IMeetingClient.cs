namespace Meeting.Server.Hubs;

/// <summary>The server-to-client half of the hub contract; method names are the wire names.</summary>
public interface IMeetingClient
{
    Task PeerJoined(PeerJoinedMessage peer);

    Task PeerLeft(PeerRef peer);

    Task PeerReconnected(PeerRef peer);

    Task Signal(SignalMessage message);

    Task Chat(ChatMessage message);

    Task RoomHomeChanged(RoomHomeInfo home);

    /// <summary>A new offer for the peer's transport; answered with <c>MediaAnswer</c>.</summary>
    Task MediaOffer(MediaOfferMessage offer);

    /// <summary>The server closed the peer's transport (ICE consent or DTLS lost): call <c>MediaJoin</c> again.</summary>
    Task MediaClosed(MediaClosedMessage closed);

    /// <summary>A peer of the room muted or unmuted a track.</summary>
    Task PeerMuted(PeerMutedMessage muted);
}
