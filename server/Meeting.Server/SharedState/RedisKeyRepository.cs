using System.Xml.Linq;
using Meeting.Redis;
using Meeting.Redis.Commands;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Meeting.Server.SharedState;

/// <summary>
/// The Data Protection key ring in Redis, so that a session token protected at one site is read at
/// the other. Keys are written like sessions, acknowledged by the replica, because losing the
/// ring in a failover would sign every user out.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous, and ASP.NET calls it rarely (at start-up, when the
/// ring is refreshed, about daily, and when a key is created), always on a thread-pool thread with no
/// synchronisation context; so blocking on the asynchronous client here is safe and cheap.
/// </remarks>
internal sealed class RedisKeyRepository : IXmlRepository
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(2);

    private readonly SharedStateClients _redis;
    private readonly RedisKeys _keys;

    public RedisKeyRepository(SharedStateClients redis, RedisKeys keys)
    {
        _redis = redis;
        _keys = keys;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var reply = RedisGuard.RunAsync(
            "read the key ring",
            () => _redis.Data.Connection.ExecuteAsync(new RedisCommand("LRANGE", _keys.DataProtectionKeys, 0, -1))).GetAwaiter().GetResult();
        var elements = new List<XElement>(reply.Count);
        foreach (var item in reply.AsSpan())
        {
            elements.Add(XElement.Parse(item.AsString()!));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        RedisGuard.RunAsync("store a key", async () =>
        {
            var xml = element.ToString(SaveOptions.DisableFormatting);
            await _redis.Durable.Connection.ExecuteAsync(new RedisCommand("RPUSH", _keys.DataProtectionKeys, xml));
            await _redis.Durable.Connection.WaitForReplicasAsync(1, AckTimeout);
        }).GetAwaiter().GetResult();
    }
}
