using System.Xml.Linq;
using Meeting.Redis;
using Meeting.Redis.Commands;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Meeting.Server.SharedState;

/// <summary>
/// The Data Protection key ring in Redis, so that a session token protected at one site is read at
/// the other. Keys are written like sessions, acknowledged by the replica, because losing the ring in
/// a failover would sign every user out.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous, and Data Protection calls it from request and timer
/// threads. Blocking those on the asynchronous client can starve the thread pool that completes the
/// client's own replies, so reads never touch Redis here: they return a copy that
/// <see cref="KeyRingRefresher"/> loads before the host starts and refreshes every few seconds. A new
/// key is kept in that copy at once and written to Redis by the refresher (or right away when that
/// succeeds within a bound). Both may try to write the same key: one flush runs at a time, and the write
/// itself skips a key whose id the ring already holds (a retried write that did land the first time).
/// </remarks>
internal sealed class RedisKeyRepository : IXmlRepository
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StoreBound = TimeSpan.FromSeconds(5);

    // KEYS: the ring. ARGV: the key's XML, its id attribute as written (id="…"). Returns 1 if appended.
    private static readonly RedisScript AppendOnce = new("""
        for _, stored in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
          if string.find(stored, ARGV[2], 1, true) then return 0 end
        end
        redis.call('RPUSH', KEYS[1], ARGV[1])
        return 1
        """);

    private readonly SharedStateClients _redis;
    private readonly RedisKeys _keys;
    private readonly ILogger<RedisKeyRepository> _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly List<string> _pending = [];
    private IReadOnlyList<string> _stored = [];

    public RedisKeyRepository(SharedStateClients redis, RedisKeys keys, ILogger<RedisKeyRepository> logger)
    {
        _redis = redis;
        _keys = keys;
        _logger = logger;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return _stored.Concat(_pending.Where(p => !_stored.Contains(p))).Select(XElement.Parse).ToArray();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var xml = element.ToString(SaveOptions.DisableFormatting);
        lock (_gate)
        {
            _pending.Add(xml);
        }

        // On a thread of its own, so the wait never holds a pool thread the client needs to complete it.
        var flush = Task.Factory.StartNew(() => FlushAsync(CancellationToken.None), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        if (!flush.Wait(StoreBound))
        {
            _logger.LogWarning("Key {Key} is not in Redis yet; it will be written on the next refresh", friendlyName);
        }
    }

    /// <summary>Writes keys created here, then reads the whole ring back; the store's failures propagate.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var reply = await RedisGuard.RunAsync(
            "read the key ring",
            () => _redis.Data.ExecuteAsync(new RedisCommand("LRANGE", _keys.DataProtectionKeys, 0, -1), cancellationToken));
        var stored = new List<string>(reply.Count);
        foreach (var item in reply.AsSpan())
        {
            stored.Add(item.AsString()!);
        }

        lock (_gate)
        {
            _stored = stored;
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            string[] pending;
            lock (_gate)
            {
                pending = [.. _pending];
            }

            foreach (var xml in pending)
            {
                await RedisGuard.RunAsync("store a key", async () =>
                {
                    await AppendOnce.EvaluateAsync(_redis.Durable.Connection, [_keys.DataProtectionKeys], [xml, IdAttribute(xml)], cancellationToken);
                    await _redis.Durable.Connection.WaitForReplicasAsync(1, AckTimeout, cancellationToken);
                });
                lock (_gate)
                {
                    _pending.Remove(xml);
                    if (!_stored.Contains(xml))
                    {
                        _stored = [.. _stored, xml];
                    }
                }
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    // Data Protection names every key <key id="guid" …>; the attribute as it appears is what the ring is searched for.
    private static string IdAttribute(string xml)
    {
        var id = XElement.Parse(xml).Attribute("id")?.Value;
        return id is null ? xml : $"id=\"{id}\"";
    }
}
