using System.Collections.Concurrent;
using Meeting.Redis.Commands;
using Meeting.Redis.Tests.Fixtures;
using Xunit.Abstractions;

namespace Meeting.Redis.Tests.Sentinel;

public sealed class PlannedFailoverTests(SentinelTopologyFixture fixture, ITestOutputHelper output) : IClassFixture<SentinelTopologyFixture>
{
    private static readonly TimeSpan ReplicaWait = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task WriteConfirmedByTheReplica_LeavesTheReplayLog()
    {
        await using var client = await RedisClient.ConnectAsync(fixture.Topology.Options()).Within();
        await RedisProbe.WaitUntilAsync("a replica in sync (after the other test's failover)", TimeSpan.FromSeconds(40), async () =>
            await client.WaitForReplicasAsync(1, TimeSpan.FromMilliseconds(500)) >= 1);

        var replicas = await client.Connection.ExecuteReplicatedAsync(new RedisCommand("SET", $"confirmed:{Guid.NewGuid():N}", "v"), 1, TimeSpan.FromSeconds(2)).Within();

        Assert.Equal(1, replicas);
        Assert.Equal(0, client.Connection.UnconfirmedWrites);
    }

    [Fact]
    public async Task SentinelFailoverDuringReplicatedWrites_LosesNoAcknowledgedWrite()
    {
        var topology = fixture.Topology;
        var oldMaster = await topology.CurrentMasterAsync().Within();
        await using var client = await RedisClient.ConnectAsync(topology.Options()).Within();
        var acknowledged = new ConcurrentQueue<string>();
        var shortAcks = 0;
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"planned:{writer}:{i}";
                try
                {
                    var replicas = await client.Connection.ExecuteReplicatedAsync(new RedisCommand("SET", key, key), 1, ReplicaWait).Within();
                    if (replicas < 1)
                    {
                        Interlocked.Increment(ref shortAcks);
                    }

                    acknowledged.Enqueue(key);
                }
                catch (RedisException)
                {
                    await Task.Delay(10);
                }
            }
        })).ToArray();

        await RedisProbe.WaitUntilAsync("writes to run", TimeSpan.FromSeconds(5), () => Task.FromResult(acknowledged.Count > 200));
        await RedisProbe.QueryAsync(topology.Sentinels[0].Address, SentinelTopology.SentinelPassword, new RedisCommand("SENTINEL", "FAILOVER", SentinelTopology.MasterName)).Within();
        await RedisProbe.WaitUntilAsync("the client on the new master", TimeSpan.FromSeconds(20), () =>
            Task.FromResult(client.GetStatus().Connected && client.GetStatus().EndPoint?.ToString() is { } at && at != oldMaster));
        var atSwitch = acknowledged.Count;
        await RedisProbe.WaitUntilAsync("writes on the new master", TimeSpan.FromSeconds(10), () => Task.FromResult(acknowledged.Count > atSwitch + 20));

        // Settled: the old master is a replica of the new one again (its own data thrown away).
        var newMaster = client.GetStatus().EndPoint!.ToString()!;
        await RedisProbe.WaitUntilAsync("the old master to replicate the new one", TimeSpan.FromSeconds(40), async () =>
        {
            var role = RedisRole.FromReply(await RedisProbe.QueryAsync(oldMaster, SentinelTopology.Password, new RedisCommand("ROLE")));
            return !role.IsMaster;
        });
        stop.Cancel();
        await Task.WhenAll(writers).Within(TimeSpan.FromSeconds(20));

        var missing = new List<string>();
        foreach (var key in acknowledged)
        {
            var value = await RedisProbe.QueryAsync(newMaster, SentinelTopology.Password, new RedisCommand("GET", key)).Within();
            if (value.AsString() != key)
            {
                missing.Add(key);
            }
        }

        output.WriteLine($"acknowledged {acknowledged.Count}, {shortAcks} of them with a short WAIT; lost {missing.Count}");
        Assert.Empty(missing);
    }
}
