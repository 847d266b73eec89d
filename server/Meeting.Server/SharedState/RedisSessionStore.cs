using System.Text.Json;
using Meeting.Redis.Commands;
using Meeting.Server.Domain;
using Meeting.Server.Sessions;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>
/// Sessions in Redis, so a session issued at one site is accepted at the other. A new session is
/// acknowledged only once the replica has it too (WAIT 1), so a master failover right after does
/// not lose it. While no replica is reachable (the other site is down) sessions are still issued,
/// after the WAIT times out: they live on the master alone until the replica returns.
/// </summary>
internal sealed class RedisSessionStore : ISessionStore
{
    private static readonly TimeSpan MissingReplicaAckTimeout = TimeSpan.FromMilliseconds(50);

    private readonly SharedStateClients _redis;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;
    private readonly SharedStateOptions _options;
    private readonly ILogger<RedisSessionStore> _logger;
    private volatile bool _replicaMissing;

    public RedisSessionStore(SharedStateClients redis, RedisKeys keys, TimeProvider time, IOptions<SharedStateOptions> options, ILogger<RedisSessionStore> logger)
    {
        _redis = redis;
        _keys = keys;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public Task AddAsync(Session session, CancellationToken cancellationToken = default) => RedisGuard.RunAsync("store the session", async () =>
    {
        var ttl = session.ExpiresAt - _time.GetUtcNow();
        var record = JsonSerializer.SerializeToUtf8Bytes(new SessionRecord(session.PeerId.Value, session.CreatedAt, session.ExpiresAt));
        await _redis.Durable.Connection.SetAsync(_keys.Session(session.Id), record, ttl, cancellationToken: cancellationToken);

        // While the replica is known to be gone (its site is down), waiting the full timeout for every
        // session only slows users down; a short wait still notices the replica's return.
        var timeout = _replicaMissing ? MissingReplicaAckTimeout : _options.ReplicaAckTimeout;
        var replicas = await _redis.Durable.Connection.WaitForReplicasAsync(1, timeout, cancellationToken);
        _replicaMissing = replicas < 1;
        if (replicas < 1)
        {
            _logger.LogWarning("Session for peer {PeerId} was not acknowledged by a replica within {Timeout}; it is on the master only", session.PeerId, timeout);
        }
    });

    public Task<Session?> FindAsync(SessionId id, CancellationToken cancellationToken = default) => RedisGuard.RunAsync("read the session", async () =>
    {
        var bytes = await _redis.Data.Connection.GetBytesAsync(_keys.Session(id), cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var record = JsonSerializer.Deserialize<SessionRecord>(bytes);
        return record is null ? null : new Session(id, new PeerId(record.PeerId), record.CreatedAt, record.ExpiresAt);
    });

    public Task RemoveAsync(SessionId id, CancellationToken cancellationToken = default)
        => RedisGuard.RunAsync("revoke the session", () => _redis.Durable.Connection.DeleteAsync(_keys.Session(id), cancellationToken));

    private sealed record SessionRecord(string PeerId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
}
