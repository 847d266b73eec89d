using Meeting.Server.Domain;

namespace Meeting.Server.Sessions;

/// <summary>One browser's identity with the service: the same session always means the same peer.</summary>
public sealed record Session(SessionId Id, PeerId PeerId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}
