using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Sessions;

/// <summary>Issues, resolves and revokes sessions; the only place that knows how tokens map to peers.</summary>
internal sealed class SessionService
{
    private readonly ISessionStore _store;
    private readonly SessionTokenCodec _codec;
    private readonly TimeProvider _time;
    private readonly MeetingSessionOptions _options;

    public SessionService(ISessionStore store, SessionTokenCodec codec, TimeProvider time, IOptions<MeetingSessionOptions> options)
    {
        _store = store;
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

    public Task RevokeAsync(SessionId id, CancellationToken cancellationToken = default) => _store.RemoveAsync(id, cancellationToken);
}
