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

    /// <summary>The client's address (after forwarded headers), which <see cref="ConnectionLimits"/> counts by.</summary>
    public string Address { get; set; } = ConnectionLimits.UnknownAddress;

    /// <summary>Counts the calls refused for rate, to close a connection that does not slow down.</summary>
    public RefusalWindow? Refusals { get; set; }

    /// <summary>Set by <see cref="SessionExpirySweep"/> once it has closed this connection for its expired session.</summary>
    public bool ExpiryClosed { get; set; }

    /// <summary>Ends the connection from the server side, as a drain does so that the client reconnects elsewhere.</summary>
    public Action? Abort { get; set; }

    /// <summary>The room this connection has joined; null before a join, after a leave, or once another
    /// connection of the same session has taken its place.</summary>
    public RoomMembership? Membership { get; set; }
}

internal sealed record RoomMembership(RoomId Room, string DisplayName);
