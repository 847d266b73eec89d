using System.Xml.Linq;
using Meeting.Redis;
using Meeting.Server.SharedState;
using Microsoft.Extensions.Logging.Abstractions;

namespace Meeting.Server.Tests.SharedState;

[Collection(SharedStateCollection.Name)]
public sealed class RedisKeyRepositoryTests
{
    private readonly SharedStateServers _sites;

    public RedisKeyRepositoryTests(SharedStateServers sites) => _sites = sites;

    [Fact]
    public async Task AKeyStoredWhileTheRefresherFlushes_IsWrittenOnce()
    {
        var keys = new RedisKeys("ring" + Guid.NewGuid().ToString("N")[..8]);
        await using var clients = await StartAsync();
        var repository = new RedisKeyRepository(clients, keys, NullLogger<RedisKeyRepository>.Instance);

        for (var i = 0; i < 5; i++)
        {
            var key = Key();
            var store = Task.Run(() => repository.StoreElement(key, "key"));
            var refreshes = Enumerable.Range(0, 3).Select(_ => Task.Run(() => repository.RefreshAsync(CancellationToken.None))).ToArray();
            await Task.WhenAll([store, .. refreshes]).WaitAsync(TimeSpan.FromSeconds(20));
        }

        var ring = await clients.Data.ExecuteAsync(new RedisCommand("LRANGE", keys.DataProtectionKeys, 0, -1));
        var ids = ring.AsSpan().ToArray().Select(x => XElement.Parse(x.AsString()!).Attribute("id")!.Value).ToArray();
        Assert.Equal(5, ids.Length);
        Assert.Equal(5, ids.Distinct().Count());
    }

    [Fact]
    public async Task AKeyTheRingAlreadyHolds_IsNotAppendedAgain()
    {
        var keys = new RedisKeys("ring" + Guid.NewGuid().ToString("N")[..8]);
        await using var clients = await StartAsync();
        var repository = new RedisKeyRepository(clients, keys, NullLogger<RedisKeyRepository>.Instance);
        var key = Key();

        // A write that reached Redis although its reply was lost, so the key is still pending here.
        await clients.Data.ExecuteAsync(new RedisCommand("RPUSH", keys.DataProtectionKeys, key.ToString(SaveOptions.DisableFormatting)));
        repository.StoreElement(key, "key");
        await repository.RefreshAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, (await clients.Data.ExecuteAsync(new RedisCommand("LLEN", keys.DataProtectionKeys))).AsInt64());
        Assert.Single(repository.GetAllElements());
    }

    private async Task<SharedStateClients> StartAsync()
    {
        var clients = new SharedStateClients(_sites.Topology.Options(), NullLoggerFactory.Instance, TimeProvider.System, "keyring-test");
        await clients.Data.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await clients.Durable.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return clients;
    }

    private static XElement Key() => new("key", new XAttribute("id", Guid.NewGuid()), new XAttribute("version", 1), new XElement("creationDate", "2026-12-01T00:00:00Z"));
}
