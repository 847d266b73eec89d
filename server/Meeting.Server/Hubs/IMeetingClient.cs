using Meeting.Server.Media;

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

    /// <summary>To the host: a newcomer waits in the lobby of its locked room; answer with <c>Admit</c> or <c>Refuse</c>.</summary>
    Task LobbyKnock(LobbyPeerMessage peer);

    /// <summary>To a peer in the lobby: the host let it in; call <c>Join</c> again.</summary>
    Task LobbyAdmitted(RoomRefMessage room);

    /// <summary>To a peer in the lobby: the host refused it; this session cannot enter that room.</summary>
    Task LobbyRefused(RoomRefMessage room);

    /// <summary>To a removed peer: it is out of the room and its session cannot come back.</summary>
    Task RemovedFromRoom(RemovedMessage removed);

    /// <summary>To the room: the host locked or unlocked it.</summary>
    Task RoomLocked(RoomLockedMessage locked);

    /// <summary>To the room: another peer hosts it now (the host left).</summary>
    Task HostChanged(HostChangedMessage host);
}
