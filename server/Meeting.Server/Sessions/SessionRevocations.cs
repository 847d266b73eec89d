using System.Collections.Concurrent;
using Meeting.Server.Domain;

namespace Meeting.Server.Sessions;

/// <summary>
/// The sessions revoked while their connections may still be open here, so that every hub call can
/// refuse them without asking the store. Fed by this server's own revocations and, with shared state,
/// by the others' over Redis pub/sub. An entry is kept only until the session would have expired
/// anyway: from then on the connection's own expiry refuses it.
/// </summary>
internal sealed class SessionRevocations
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<SessionId, DateTimeOffset> _revoked = new();
    private readonly ISessionConnections _connections;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionRevocations> _logger;
    private long _lastPrune;

    public SessionRevocations(ISessionConnections connections, TimeProvider time, ILogger<SessionRevocations> logger)
    {
        _connections = connections;
        _time = time;
        _logger = logger;
        _lastPrune = time.GetTimestamp();
    }

    public int Count => _revoked.Count;

    public bool IsRevoked(SessionId id) => _revoked.ContainsKey(id);

    /// <summary>Refuses the session from now on and closes its connections on this server.</summary>
    public void Revoke(SessionId id, DateTimeOffset expiresAt)
    {
        PruneIfDue();

        // Recorded before closing: a connection registering concurrently either is closed here or
        // finds the entry when it checks after registering.
        _revoked[id] = expiresAt;
        var closed = _connections.CloseSession(id, SessionEndCause.Revoked);
        if (closed > 0)
        {
            _logger.LogInformation("Closed {Count} connection(s) of a revoked session", closed);
        }
    }

    /// <summary>
    /// Asks the store about every session with a connection here, for revocations this server may have
    /// missed: pub/sub is at-most-once, so messages sent while its subscription was down are lost. A session
    /// the store has no record of at all was not revoked (a revocation leaves a marker) but lost with the
    /// store's data: it is written back, and its connections stay.
    /// </summary>
    public async Task<(int Revoked, int Restored)> RecheckOpenSessionsAsync(ISessionStore store, CancellationToken cancellationToken = default)
    {
        var revoked = 0;
        var restored = 0;
        foreach (var session in _connections.OpenSessions())
        {
            if (await store.FindAsync(session.Id, cancellationToken) is not null)
            {
                continue;
            }

            if (await store.RestoreAsync(session, cancellationToken))
            {
                restored++;
                continue;
            }

            Revoke(session.Id, session.ExpiresAt);
            revoked++;
        }

        return (revoked, restored);
    }

    private void PruneIfDue()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastPrune);
        if (_time.GetElapsedTime(last, now) < PruneInterval || Interlocked.CompareExchange(ref _lastPrune, now, last) != last)
        {
            return;
        }

        var utcNow = _time.GetUtcNow();
        foreach (var (id, expiresAt) in _revoked)
        {
            if (expiresAt <= utcNow)
            {
                _revoked.TryRemove(id, out _);
            }
        }
    }
}
