using System.Collections.Concurrent;
using System.Diagnostics;
using Meeting.Redis.Commands;
using Meeting.Redis.Tests.Fixtures;
using Xunit.Abstractions;

namespace Meeting.Redis.Tests.Sentinel;

public sealed class SentinelFailoverTests(SentinelTopologyFixture fixture, ITestOutputHelper output) : IClassFixture<SentinelTopologyFixture>
{
    private const int Workers = 16;

    [Fact]
    public async Task MasterKilledDuringLoad_EveryCallSucceedsOrFailsClearly_AndWritesResume()
    {
        var topology = fixture.Topology;
        var oldMaster = topology.DataNode(await topology.CurrentMasterAsync().Within());
        var newMaster = oldMaster == topology.InitialMaster ? topology.InitialReplica : topology.InitialMaster;
        await using var client = await RedisClient.ConnectAsync(topology.Options()).Within();
        var failures = new ConcurrentDictionary<string, int>();
        var wrongReplies = new ConcurrentQueue<string>();
        var successes = 0L;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(40));

        var load = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 1_000_000; i++)
            {
                var token = $"{worker}:{i}";
                try
                {
                    // ECHO proves each reply reaches the caller it belongs to; SET proves writes go through.
                    var echo = await client.ExecuteAsync(new RedisCommand("ECHO", token)).Within(TimeSpan.FromSeconds(10));
                    if (echo.AsString() != token)
                    {
                        wrongReplies.Enqueue($"{token} got {echo}");
                    }

                    await client.SetAsync($"load:{worker}", token).Within(TimeSpan.FromSeconds(10));
                    Interlocked.Increment(ref successes);
                }
                catch (RedisException ex)
                {
                    failures.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
                    await Task.Delay(10);
                }
            }
        })).ToArray();

        await RedisProbe.WaitUntilAsync("load to run", TimeSpan.FromSeconds(5), () => Task.FromResult(Interlocked.Read(ref successes) > 500));
        var killedAt = Stopwatch.StartNew();
        oldMaster.Kill();

        // Recovered = a write acknowledged by the new master after the kill.
        await RedisProbe.WaitUntilAsync("writes on the new master", TimeSpan.FromSeconds(15), async () =>
            client.GetStatus().EndPoint?.ToString() == newMaster.Address && await client.SetAsync("recovered", "yes"));
        var recovery = killedAt.Elapsed;
        var successesAtRecovery = Interlocked.Read(ref successes);
        await RedisProbe.WaitUntilAsync("load to continue on the new master", TimeSpan.FromSeconds(5), () => Task.FromResult(Interlocked.Read(ref successes) > successesAtRecovery + 500));
        stop.Cancel();
        await Task.WhenAll(load).Within(TimeSpan.FromSeconds(20));

        output.WriteLine($"recovered {recovery.TotalMilliseconds:0} ms after SIGKILL; successes {successes}; failures {string.Join(", ", failures.Select(f => $"{f.Key}={f.Value}"))}");
        Assert.Empty(wrongReplies);
        Assert.All(failures.Keys, name => Assert.Contains(name, new[] { nameof(RedisConnectionException), nameof(RedisTimeoutException), nameof(RedisReadOnlyException) }));
        Assert.Equal(newMaster.Address, client.GetStatus().Sentinel!.Master?.ToString());
        Assert.True((await client.RoleAsync().Within()).IsMaster);
    }
}
