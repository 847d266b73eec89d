using Meeting.Redis.Commands;
using Meeting.Redis.Tests.Fixtures;

namespace Meeting.Redis.Tests;

/// <summary>
/// <see cref="RedisConnection.ExecuteReplicatedAsync"/> on a server without replicas: every WAIT comes back short,
/// so every write stays in the replay log and is written again on the next connection.
/// </summary>
public sealed class ReplicatedWriteTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan ShortWait = TimeSpan.FromMilliseconds(20);

    private StandaloneRedis Redis => fixture.Redis;

    [Fact]
    public async Task WriteNoReplicaConfirmed_IsWrittenAgainOnTheNextConnection()
    {
        await using var client = await RedisClient.ConnectAsync(Redis.Options()).Within();
        var key = $"replay:{Guid.NewGuid():N}";

        var replicas = await client.Connection.ExecuteReplicatedAsync(new RedisCommand("SET", key, "v1"), 1, ShortWait).Within();
        Assert.Equal(0, replicas);
        Assert.Equal(1, client.Connection.UnconfirmedWrites);

        // The key vanishes behind the client's back (as on an old master demoted and resynchronised), then the
        // client's connection drops: the write must be back before the new connection serves anyone.
        await RedisProbe.QueryAsync(Redis.Address, StandaloneRedis.Password, new RedisCommand("DEL", key)).Within();
        await RedisProbe.QueryAsync(Redis.Address, StandaloneRedis.Password, new RedisCommand("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")).Within();
        await RedisProbe.WaitUntilAsync("the client to reconnect", TimeSpan.FromSeconds(10), () => Task.FromResult(client.GetStatus().Reconnects > 0 && client.GetStatus().Connected));

        Assert.Equal("v1", await client.GetAsync(key).Within());
    }

    [Fact]
    public async Task WritesToTheSameKey_AreWrittenAgainInTheirOrder()
    {
        await using var client = await RedisClient.ConnectAsync(Redis.Options()).Within();
        var kept = $"replay:{Guid.NewGuid():N}";
        var deleted = $"replay:{Guid.NewGuid():N}";

        await client.Connection.ExecuteReplicatedAsync(new RedisCommand("SET", kept, "old"), 1, ShortWait).Within();
        await client.Connection.ExecuteReplicatedAsync(new RedisCommand("SET", deleted, "x"), 1, ShortWait).Within();
        await client.Connection.ExecuteReplicatedAsync(new RedisCommand("SET", kept, "new"), 1, ShortWait).Within();
        await client.Connection.ExecuteReplicatedAsync(new RedisCommand("DEL", deleted), 1, ShortWait).Within();
        await RedisProbe.QueryAsync(Redis.Address, StandaloneRedis.Password, new RedisCommand("SET", deleted, "resurrected?")).Within();
        await RedisProbe.QueryAsync(Redis.Address, StandaloneRedis.Password, new RedisCommand("DEL", kept)).Within();
        await RedisProbe.QueryAsync(Redis.Address, StandaloneRedis.Password, new RedisCommand("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")).Within();
        await RedisProbe.WaitUntilAsync("the client to reconnect", TimeSpan.FromSeconds(10), () => Task.FromResult(client.GetStatus().Reconnects > 0 && client.GetStatus().Connected));

        Assert.Equal("new", await client.GetAsync(kept).Within());
        Assert.False(await client.ExistsAsync(deleted).Within());
    }

    [Fact]
    public async Task WriteTheServerRefused_IsNotKept()
    {
        await using var client = await RedisClient.ConnectAsync(Redis.Options()).Within();
        var key = $"replay:{Guid.NewGuid():N}";
        await client.SetAsync(key, "not a number").Within();

        await Assert.ThrowsAsync<RedisServerException>(() => client.Connection.ExecuteReplicatedAsync(new RedisCommand("INCR", key), 1, ShortWait).Within());

        Assert.Equal(0, client.Connection.UnconfirmedWrites);
    }

    [Fact]
    public async Task ReplayLimit_DropsTheOldestWrites()
    {
        var options = Redis.Options();
        options.ReplayLimit = 2;
        await using var client = await RedisClient.ConnectAsync(options).Within();

        for (var i = 0; i < 3; i++)
        {
            await client.Connection.ExecuteReplicatedAsync(new RedisCommand("SET", $"replay:{Guid.NewGuid():N}", i), 1, ShortWait).Within();
        }

        Assert.Equal(2, client.Connection.UnconfirmedWrites);
    }
}
