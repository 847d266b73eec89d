using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Sessions;

/// <summary>Issues, resolves and revokes sessions; the only place that knows how tokens map to peers.</summary>
internal sealed class SessionService
{
    private readonly ISessionStore _store;
    private readonly SessionRevocations _revocations;
    private readonly ISessionRevocationBus _bus;
    private readonly SessionTokenCodec _codec;
    private readonly TimeProvider _time;
    private readonly MeetingSessionOptions _options;

    public SessionService(
        ISessionStore store,
        SessionRevocations revocations,
        ISessionRevocationBus bus,
        SessionTokenCodec codec,
        TimeProvider time,
        IOptions<MeetingSessionOptions> options)
    {
        _store = store;
        _revocations = revocations;
        _bus = bus;
        _codec = codec;
        _time = time;
        _options = options.Value;
    }

    public async Task<(Session Session, string Token)> IssueAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var session = new Session(SessionId.New(), PeerId.New(), now, now + _options.Lifetime);
        await _store.AddAsync(session, cancellationToken);
        return (session, _codec.Encode(session.Id));
    }

    /// <summary>The live session behind a token, or null for a forged, revoked or expired one.</summary>
    public async Task<Session?> ResolveAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!_codec.TryDecode(token, out var id))
        {
            return null;
        }

        var session = await _store.FindAsync(id, cancellationToken);
        return session is null || session.IsExpired(_time.GetUtcNow()) ? null : session;
    }

    /// <summary>Whether a session a connection authenticated with earlier is still live (not revoked or expired).</summary>
    public async Task<bool> IsLiveAsync(SessionId id, CancellationToken cancellationToken = default)
    {
        var session = await _store.FindAsync(id, cancellationToken);
        return session is not null && !session.IsExpired(_time.GetUtcNow());
    }

    /// <summary>
    /// Ends the session everywhere: its connections here close at once, the other servers are told to
    /// close theirs, and then the store forgets it. The store goes last so that a failure on the way
    /// (a 503) leaves the session resolvable and a retried <c>DELETE</c> tells the other servers again.
    /// </summary>
    public async Task RevokeAsync(Session session, CancellationToken cancellationToken = default)
    {
        _revocations.Revoke(session.Id, session.ExpiresAt);
        await _bus.PublishAsync(session.Id, session.ExpiresAt, cancellationToken);
        await _store.RemoveAsync(session, cancellationToken);
    }
}
