using System.Text.Json;
using Meeting.Redis;
using Meeting.Redis.Commands;
using Meeting.Server.Domain;
using Meeting.Server.Sessions;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>
/// Sessions in Redis, so a session issued at one site is accepted at the other. A new session (and
/// a revocation) is acknowledged once the replica has it too (WAIT 1), so a master failover right
/// after does not lose it. While no replica answers (the other site is down) sessions are still
/// issued, after the WAIT times out: they live on the master alone until the replica returns. A
/// short WAIT is also what a planned failover looks like from the old master, which keeps accepting
/// writes until it is demoted; so these writes go through the client's replay log
/// (<see cref="Meeting.Redis.RedisConnection.ExecuteReplicatedAsync"/>) and are written again on the
/// new master once the client moves there. That is why they carry an absolute expiry (PXAT): written
/// again later, a session still ends when it was meant to.
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
    private readonly Lock _lock = new();
    private RedisEndPoint? _lastMaster;

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
        if (session.ExpiresAt <= _time.GetUtcNow())
        {
            return;
        }

        var set = new RedisCommand("SET", _keys.Session(session.Id), Record(session, revoked: false), "PXAT", session.ExpiresAt.ToUnixTimeMilliseconds());
        var replicas = await WriteReplicatedAsync(set, cancellationToken);
        if (replicas < 1)
        {
            _logger.LogWarning("Session for peer {PeerId} was not acknowledged by a replica; it is on the master only until one confirms it", session.PeerId);
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
        return record is null || record.Revoked ? null : new Session(id, new PeerId(record.PeerId), record.CreatedAt, record.ExpiresAt);
    });

    // A revoked session keeps a marker until it would have expired, rather than no key: a server that finds
    // no key at all for a session it holds connections of knows Redis lost its data, not that the session
    // was revoked, and writes it back (RestoreAsync) instead of closing those connections.
    public Task RemoveAsync(Session session, CancellationToken cancellationToken = default) => RedisGuard.RunAsync("revoke the session", async () =>
    {
        if (session.ExpiresAt <= _time.GetUtcNow())
        {
            await WriteReplicatedAsync(new RedisCommand("DEL", _keys.Session(session.Id)), cancellationToken);
            return;
        }

        await WriteReplicatedAsync(new RedisCommand("SET", _keys.Session(session.Id), Record(session, revoked: true), "PXAT", session.ExpiresAt.ToUnixTimeMilliseconds()), cancellationToken);
    });

    public Task<bool> RestoreAsync(Session session, CancellationToken cancellationToken = default) => RedisGuard.RunAsync("restore the session", async () =>
    {
        var left = session.ExpiresAt - _time.GetUtcNow();
        if (left < TimeSpan.FromMilliseconds(1))
        {
            return false;
        }

        // NX: a marker of a revocation, or the session itself, written meanwhile wins.
        var reply = await _redis.Data.Connection.ExecuteAsync(
            new RedisCommand("SET", _keys.Session(session.Id), Record(session, revoked: false), "PXAT", session.ExpiresAt.ToUnixTimeMilliseconds(), "NX"),
            cancellationToken);
        return !reply.IsNull;
    });

    private static byte[] Record(Session session, bool revoked)
        => JsonSerializer.SerializeToUtf8Bytes(new SessionRecord(session.PeerId.Value, session.CreatedAt, session.ExpiresAt, revoked));

    private async Task<long> WriteReplicatedAsync(RedisCommand command, CancellationToken cancellationToken)
    {
        // While the replica is known to be gone (its site is down), waiting the full timeout for every
        // write only slows users down; a short wait still notices the replica's return.
        // Right after a master switch the new master has no replica yet (the old one is dead, or still
        // waiting for Sentinel to demote it): no use waiting the full timeout there either.
        var master = _redis.Durable.Connection.EndPoint;
        lock (_lock)
        {
            if (master != _lastMaster)
            {
                _replicaMissing |= _lastMaster is not null;
                _lastMaster = master;
            }
        }

        var timeout = _replicaMissing ? MissingReplicaAckTimeout : _options.ReplicaAckTimeout;
        var replicas = await _redis.Durable.Connection.ExecuteReplicatedAsync(command, 1, timeout, cancellationToken);
        _replicaMissing = replicas < 1;
        return replicas;
    }

    private sealed record SessionRecord(string PeerId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Revoked = false);
}
