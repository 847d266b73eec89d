using Meeting.Server.Domain;
using Microsoft.Extensions.Caching.Memory;

namespace Meeting.Server.Sessions;

/// <summary>The single-node store: sessions vanish with the process, and expire on their own.</summary>
internal sealed class InMemorySessionStore : ISessionStore, IDisposable
{
    private readonly MemoryCache _sessions = new(new MemoryCacheOptions { ExpirationScanFrequency = TimeSpan.FromMinutes(1) });
    private readonly TimeProvider _time;

    public InMemorySessionStore(TimeProvider time) => _time = time;

    public Task AddAsync(Session session, CancellationToken cancellationToken = default)
    {
        _sessions.Set(session.Id.Value, session, session.ExpiresAt);
        return Task.CompletedTask;
    }

    public Task<Session?> FindAsync(SessionId id, CancellationToken cancellationToken = default)
    {
        var session = _sessions.Get<Session>(id.Value);
        return Task.FromResult(session is null || session.IsExpired(_time.GetUtcNow()) ? null : session);
    }

    public Task RemoveAsync(Session session, CancellationToken cancellationToken = default)
    {
        _sessions.Remove(session.Id.Value);
        return Task.CompletedTask;
    }

    // This store loses its data only with the process, and its connections with it: nothing to restore.
    public Task<bool> RestoreAsync(Session session, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public void Dispose() => _sessions.Dispose();
}
