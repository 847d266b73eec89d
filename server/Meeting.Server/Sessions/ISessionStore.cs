using Meeting.Server.Domain;

namespace Meeting.Server.Sessions;

/// <summary>Where sessions live: memory on a single node, Redis when sites share them.</summary>
public interface ISessionStore
{
    /// <summary>Stores a new session; completes once the store will not lose it.</summary>
    Task AddAsync(Session session, CancellationToken cancellationToken = default);

    /// <summary>The session, or null when it is unknown, revoked or expired.</summary>
    Task<Session?> FindAsync(SessionId id, CancellationToken cancellationToken = default);

    Task RemoveAsync(SessionId id, CancellationToken cancellationToken = default);
}
