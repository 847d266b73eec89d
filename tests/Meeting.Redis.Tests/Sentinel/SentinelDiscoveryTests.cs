using Meeting.Redis.Commands;
using Meeting.Redis.Tests.Fixtures;

namespace Meeting.Redis.Tests.Sentinel;

public sealed class SentinelDiscoveryTests(SentinelTopologyFixture fixture) : IClassFixture<SentinelTopologyFixture>
{
    private SentinelTopology Topology => fixture.Topology;

    [Fact]
    public async Task Discovery_ConnectsToTheMasterTheSentinelsName()
    {
        var expected = await Topology.CurrentMasterAsync().Within();
        await using var client = await RedisClient.ConnectAsync(Topology.Options()).Within();

        var status = client.GetStatus();

        Assert.True(status.Connected);
        Assert.Equal(expected, status.EndPoint?.ToString());
        Assert.Equal(expected, status.Sentinel!.Master?.ToString());
        Assert.True((await client.RoleAsync().Within()).IsMaster);
        Assert.True(await client.SetAsync($"sentinel:{Guid.NewGuid():N}", "written").Within());
    }

    [Fact]
    public async Task Discovery_SurvivesSentinelsThatAreDown()
    {
        var sentinels = new[] { $"127.0.0.1:{FreePort.Closed()}", Topology.Sentinels[1].Address, $"127.0.0.1:{FreePort.Closed()}" };
        await using var client = await RedisClient.ConnectAsync(Topology.Options(sentinels)).Within();

        Assert.Equal("PONG", await client.PingAsync().Within());
        await RedisProbe.WaitUntilAsync("the watcher of the live Sentinel", TimeSpan.FromSeconds(5), () => Task.FromResult(client.GetStatus().Sentinel!.SentinelsReachable == 1));
        Assert.Equal(3, client.GetStatus().Sentinel!.SentinelsConfigured);
    }

    [Fact]
    public async Task NoSentinelReachable_StartFailsNamingEachSentinel()
    {
        var dead = new[] { $"127.0.0.1:{FreePort.Closed()}", $"127.0.0.1:{FreePort.Closed()}" };

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(Topology.Options(dead))).Within();

        Assert.All(dead, address => Assert.Contains(address, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongSentinelPassword_StartFailsSayingSo()
    {
        var options = Topology.Options();
        options.SentinelPassword = "wrong";

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options)).Within();

        Assert.Contains("WRONGPASS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteToAReplica_FailsWithReadOnlyException()
    {
        var master = await Topology.CurrentMasterAsync().Within();
        var replica = master == Topology.InitialMaster.Address ? Topology.InitialReplica : Topology.InitialMaster;
        var options = new RedisOptions { EndPoint = replica.Address, Password = SentinelTopology.Password };
        await using var client = await RedisClient.ConnectAsync(options).Within();

        var error = await Assert.ThrowsAsync<RedisReadOnlyException>(() => client.SetAsync("k", "v")).Within();

        Assert.Equal("READONLY", error.Prefix);
    }

    [Fact]
    public async Task ManualFailover_ClientAndSubscriberFollowTheNewMaster()
    {
        var before = await Topology.CurrentMasterAsync().Within();
        await using var client = await RedisClient.ConnectAsync(Topology.Options()).Within();
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var channel = $"failover:{Guid.NewGuid():N}";
        await using var subscription = await client.Subscriber.SubscribeAsync(channel, m => received.Writer.TryWrite(m.Text)).Within();

        await RedisProbe.QueryAsync(Topology.Sentinels[0].Address, SentinelTopology.SentinelPassword, new RedisCommand("SENTINEL", "FAILOVER", SentinelTopology.MasterName)).Within();

        await RedisProbe.WaitUntilAsync("the client to follow the failover", TimeSpan.FromSeconds(15), async () =>
            client.GetStatus().EndPoint?.ToString() is { } now && now != before && await client.SetAsync("followed", now));
        var status = client.GetStatus();
        Assert.NotEqual(before, status.EndPoint?.ToString());
        Assert.Equal(status.EndPoint, status.Sentinel!.Master);
        Assert.True(status.Sentinel.Switches >= 1);
        Assert.True((await client.RoleAsync().Within()).IsMaster);

        await RedisProbe.WaitUntilAsync("the subscriber to follow", TimeSpan.FromSeconds(10), async () => await client.PublishAsync(channel, "after") >= 1);
        Assert.Equal("after", await received.Reader.ReadAsync().AsTask().Within());
    }
}
