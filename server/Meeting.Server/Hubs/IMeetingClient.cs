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
}
