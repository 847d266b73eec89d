using System.Diagnostics;
using Meeting.Redis.Compare.Topology;

namespace Meeting.Redis.Compare;

/// <summary>Applies a drill's fault to the topology and waits (bounded) until Sentinel and the data nodes have settled.</summary>
internal static class FaultInjector
{
    private static readonly TimeSpan BothDownFor = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the fault script and returns when its last step (a restart, for some drills) is done. <paramref name="markFault"/>
    /// is called at the instant the fault counts from: once a killed node has exited (a write acknowledged while the kill
    /// is being delivered is not "after the fault"), or as <c>SENTINEL FAILOVER</c> is sent.
    /// </summary>
    public static async Task ApplyAsync(DrillKind drill, PrivateTopology topology, DrillTiming timing, Action markFault, CancellationToken cancellationToken)
    {
        switch (drill)
        {
            case DrillKind.Kill:
                topology.Master.Kill();
                markFault();
                break;
            case DrillKind.Failover:
                markFault();
                await topology.FailoverAsync(cancellationToken);
                break;
            case DrillKind.BothDown:
                topology.Master.Kill();
                topology.Replica.Kill();
                markFault();
                await Task.Delay(BothDownFor, cancellationToken);
                await topology.Master.RestartAsync(cancellationToken);
                await topology.Replica.RestartAsync(cancellationToken);
                break;
            case DrillKind.OldMaster:
                topology.Master.Kill();
                markFault();
                await WaitForAsync(topology, topology.Replica, timing.RecoveryTimeout, cancellationToken);
                await topology.Master.RestartAsync(cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(drill), drill, null);
        }
    }

    /// <summary>Waits until the master the drill must end with is settled, and returns that node.</summary>
    public static Task<NodeProcess> WaitSettledAsync(DrillKind drill, PrivateTopology topology, DrillTiming timing, CancellationToken cancellationToken) =>
        WaitForAsync(topology, drill == DrillKind.BothDown ? null : topology.Replica, timing.RecoveryTimeout, cancellationToken);

    private static async Task<NodeProcess> WaitForAsync(PrivateTopology topology, NodeProcess? expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (await topology.SettledMasterAsync(cancellationToken) is { } master && (expected is null || master == expected))
            {
                return master;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The topology did not settle within {timeout.TotalSeconds:0} s (expected master {expected?.Address ?? "any"}; Sentinel says {await topology.SentinelMasterAsync(cancellationToken) ?? "nothing"}).");
    }
}
