using Meeting.Server.Domain;

namespace Meeting.Server.Sessions;

/// <summary>Where sessions live: memory on a single node, Redis when sites share them.</summary>
public interface ISessionStore
{
    /// <summary>Stores a new session; completes once the store will not lose it.</summary>
    Task AddAsync(Session session, CancellationToken cancellationToken = default);

    /// <summary>The session, or null when it is unknown, revoked or expired.</summary>
    Task<Session?> FindAsync(SessionId id, CancellationToken cancellationToken = default);

    /// <summary>Ends the session: from now on <see cref="FindAsync"/> does not find it, and
    /// <see cref="RestoreAsync"/> cannot bring it back before it would have expired.</summary>
    Task RemoveAsync(Session session, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes back a session that a server still holds open connections for, when the store has no record of
    /// it at all (it lost its data: a Redis restarted empty). Returns false, and changes nothing, when the store
    /// knows the session, live or removed, or it has expired.
    /// </summary>
    Task<bool> RestoreAsync(Session session, CancellationToken cancellationToken = default);
}
