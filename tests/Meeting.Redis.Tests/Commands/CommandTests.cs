using Meeting.Redis.Commands;
using Meeting.Redis.Tests.Fixtures;

namespace Meeting.Redis.Tests.Commands;

public sealed class CommandTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RedisClient _client = null!;

    public async Task InitializeAsync() => _client = await RedisClient.ConnectAsync(fixture.Redis.Options()).Within();

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Set_WithConditions_WritesOnlyWhenTheyHold()
    {
        var key = Key();

        Assert.True(await _client.SetAsync(key, "first", condition: SetCondition.IfNotExists).Within());
        Assert.False(await _client.SetAsync(key, "second", condition: SetCondition.IfNotExists).Within());
        Assert.True(await _client.SetAsync(key, "third", condition: SetCondition.IfExists).Within());
        Assert.False(await _client.SetAsync(Key(), "nowhere", condition: SetCondition.IfExists).Within());
        Assert.Equal("third", await _client.GetAsync(key).Within());
    }

    [Fact]
    public async Task Set_WithExpiry_SetsAMillisecondTtl()
    {
        var key = Key();

        await _client.SetAsync(key, "v", TimeSpan.FromMilliseconds(1500)).Within();

        var ttl = (await _client.ExecuteAsync(new RedisCommand("PTTL", key)).Within()).AsInt64();
        Assert.InRange(ttl, 1, 1500);
    }

    [Fact]
    public async Task Get_OfAMissingKey_IsNull()
    {
        Assert.Null(await _client.GetAsync(Key()).Within());
        Assert.Null(await _client.GetBytesAsync(Key()).Within());
    }

    [Fact]
    public async Task BinaryValues_RoundTrip()
    {
        var key = Key();
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await _client.SetAsync(key, value).Within();

        Assert.Equal(value, await _client.GetBytesAsync(key).Within());
    }

    [Fact]
    public async Task DeleteAndExists_SeeTheSameKeys()
    {
        var (a, b) = (Key(), Key());
        await _client.SetAsync(a, "1").Within();
        await _client.SetAsync(b, "2").Within();

        Assert.True(await _client.ExistsAsync(a).Within());
        Assert.Equal(2, await _client.DeleteAsync([a, b, Key()]).Within());
        Assert.False(await _client.ExistsAsync(a).Within());
        Assert.Equal(0, await _client.DeleteAsync(a).Within());
    }

    [Fact]
    public async Task ExpireAndPExpire_SetTtlsOnExistingKeysOnly()
    {
        var key = Key();
        await _client.SetAsync(key, "v").Within();

        Assert.True(await _client.ExpireAsync(key, TimeSpan.FromSeconds(30)).Within());
        Assert.InRange((await _client.ExecuteAsync(new RedisCommand("TTL", key)).Within()).AsInt64(), 1, 30);
        Assert.True(await _client.PExpireAsync(key, TimeSpan.FromMilliseconds(900)).Within());
        Assert.InRange((await _client.ExecuteAsync(new RedisCommand("PTTL", key)).Within()).AsInt64(), 1, 900);
        Assert.False(await _client.ExpireAsync(Key(), TimeSpan.FromSeconds(1)).Within());
    }

    [Fact]
    public async Task Hash_SetGetGetAllDelete()
    {
        var key = Key();

        Assert.True(await _client.HashSetAsync(key, "name", "Ada").Within());
        Assert.False(await _client.HashSetAsync(key, "name", "Ada L.").Within());
        Assert.Equal(2, await _client.HashSetAsync(key, [new("site", "gra"), new("epoch", 7)]).Within());
        Assert.Equal("Ada L.", await _client.HashGetAsync(key, "name").Within());
        Assert.Null(await _client.HashGetAsync(key, "missing").Within());
        Assert.Equal(
            new Dictionary<string, string> { ["name"] = "Ada L.", ["site"] = "gra", ["epoch"] = "7" },
            await _client.HashGetAllAsync(key).Within());
        Assert.True(await _client.HashDeleteAsync(key, "site").Within());
        Assert.False(await _client.HashDeleteAsync(key, "site").Within());
        Assert.Empty(await _client.HashGetAllAsync(Key()).Within());
    }

    [Fact]
    public async Task Set_AddRemoveMembers()
    {
        var key = Key();

        Assert.True(await _client.SetAddAsync(key, "a").Within());
        Assert.False(await _client.SetAddAsync(key, "a").Within());
        Assert.True(await _client.SetAddAsync(key, "b").Within());
        Assert.True(await _client.SetRemoveAsync(key, "a").Within());
        Assert.False(await _client.SetRemoveAsync(key, "zzz").Within());
        Assert.Equal(["b"], await _client.SetMembersAsync(key).Within());
    }

    [Fact]
    public async Task Script_FallsBackToEval_WhenTheServerForgotIt()
    {
        var script = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
        var key = Key();
        await _client.ExecuteAsync(new RedisCommand("SCRIPT", "FLUSH")).Within();

        Assert.Equal(5, (await script.EvaluateAsync(_client, [key], [5]).Within()).AsInt64());
        Assert.Equal(1, (await _client.ExecuteAsync(new RedisCommand("SCRIPT", "EXISTS", script.Sha1)).Within())[0].AsInt64());
        Assert.Equal(12, (await script.EvaluateAsync(_client, [key], [7]).Within()).AsInt64());
    }

    [Fact]
    public async Task Stream_AddWithApproximateTrimAndRange()
    {
        var key = Key();
        for (var i = 0; i < 300; i++)
        {
            await _client.StreamAddAsync(key, [new("n", i), new("site", "gra")], maxLength: 100).Within();
        }

        var all = await _client.StreamRangeAsync(key).Within();
        var firstTwo = await _client.StreamRangeAsync(key, count: 2).Within();

        // "~" lets Redis keep whole macro-nodes, so somewhat more than 100 may remain, never fewer.
        Assert.InRange(all.Count, 100, 299);
        Assert.Equal("299", all[^1].Fields[0].Value);
        Assert.Equal(("site", "gra"), (all[0].Fields[1].Key, all[0].Fields[1].Value));
        Assert.Equal(all.Take(2).Select(e => e.Id), firstTwo.Select(e => e.Id));
    }

    [Fact]
    public async Task ServerCommands_PingRoleInfoWaitPublish()
    {
        Assert.Equal("PONG", await _client.PingAsync().Within());
        var role = await _client.RoleAsync().Within();
        Assert.True(role.IsMaster);
        Assert.Empty(role.Replicas);
        var info = await _client.InfoAsync("replication").Within();
        Assert.Equal("master", info["role"]);
        Assert.Equal("0", info["connected_slaves"]);
        Assert.Equal(0, await _client.WaitForReplicasAsync(0, TimeSpan.FromMilliseconds(50)).Within());
        Assert.Equal(0, await _client.PublishAsync($"nobody:{Guid.NewGuid():N}", "hello").Within());
    }

    private static string Key() => $"cmd:{Guid.NewGuid():N}";
}
