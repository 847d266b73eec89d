using System.Diagnostics;
using Meeting.Redis.Commands;
using Meeting.Testing.Redis;

namespace Meeting.Redis.Bench;

/// <summary>
/// Time to follow a Sentinel failover: a writer loop runs through the client while the master is failed over
/// (SENTINEL FAILOVER, or SIGKILL of the master); measured from the trigger to +switch-master as a Sentinel
/// publishes it, and from +switch-master to the first write acknowledged by the new master.
/// </summary>
internal static class FailoverTimer
{
    public sealed record Result(string Trigger, TimeSpan ToSwitchMaster, TimeSpan SwitchToFirstWrite, TimeSpan TriggerToFirstWrite, int FailedWrites);

    public static async Task<Result> RunAsync(bool kill, CancellationToken cancellationToken)
    {
        await using var topology = await SentinelTopology.StartAsync(cancellationToken);
        var oldMaster = topology.DataNode(await topology.CurrentMasterAsync(cancellationToken));
        var newMaster = oldMaster == topology.InitialMaster ? topology.InitialReplica : topology.InitialMaster;
        await using var client = await RedisClient.ConnectAsync(topology.Options(), cancellationToken: cancellationToken);

        // A separate connection to one Sentinel, to timestamp +switch-master as Sentinel publishes it.
        await using var watcher = await RedisClient.ConnectAsync(
            new RedisOptions { EndPoint = topology.Sentinels[2].Address, Password = SentinelTopology.SentinelPassword },
            cancellationToken: cancellationToken);
        var clock = Stopwatch.StartNew();
        var switched = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await watcher.Subscriber.SubscribeAsync("+switch-master", _ => switched.TrySetResult(clock.Elapsed), cancellationToken);

        var firstNewWrite = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(60));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 10_000_000; i++)
            {
                try
                {
                    await client.SetAsync("failover:probe", i);
                    var at = clock.Elapsed;
                    if (switched.Task.IsCompleted && client.GetStatus().EndPoint?.ToString() == newMaster.Address)
                    {
                        firstNewWrite.TrySetResult(at);
                    }
                }
                catch (RedisException)
                {
                    failed++;
                    await Task.Delay(5, CancellationToken.None);
                }
            }
        }, CancellationToken.None);

        await Task.Delay(500, cancellationToken);
        var triggeredAt = clock.Elapsed;
        if (kill)
        {
            oldMaster.Kill();
        }
        else
        {
            await RedisProbe.QueryAsync(topology.Sentinels[0].Address, SentinelTopology.SentinelPassword, new RedisCommand("SENTINEL", "FAILOVER", SentinelTopology.MasterName), cancellationToken);
        }

        var switchedAt = await switched.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var writtenAt = await firstNewWrite.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        stop.Cancel();
        await writer.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        return new Result(kill ? "SIGKILL of the master" : "SENTINEL FAILOVER", switchedAt - triggeredAt, writtenAt - switchedAt, writtenAt - triggeredAt, failed);
    }
}
