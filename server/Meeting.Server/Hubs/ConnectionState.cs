using Meeting.Server.Domain;

namespace Meeting.Server.Hubs;

/// <summary>What the server knows about one live hub connection.</summary>
internal sealed class ConnectionState
{
    public ConnectionState(string connectionId, SessionId sessionId, PeerId peerId, DateTimeOffset sessionExpiresAt, TokenBucket rate)
    {
        ConnectionId = connectionId;
        SessionId = sessionId;
        PeerId = peerId;
        SessionExpiresAt = sessionExpiresAt;
        Rate = rate;
    }

    public string ConnectionId { get; }

    public SessionId SessionId { get; }

    public PeerId PeerId { get; }

    public DateTimeOffset SessionExpiresAt { get; }

    public TokenBucket Rate { get; }

    /// <summary>Ends the connection from the server side, as a drain does so that the client reconnects elsewhere.</summary>
    public Action? Abort { get; set; }

    /// <summary>The room this connection has joined; null before a join, after a leave, or once another
    /// connection of the same session has taken its place.</summary>
    public RoomMembership? Membership { get; set; }
}

internal sealed record RoomMembership(RoomId Room, string DisplayName);
