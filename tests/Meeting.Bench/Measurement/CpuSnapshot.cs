using System.Diagnostics;
using Meeting.Bench.Hosting;

namespace Meeting.Bench.Measurement;

/// <summary>CPU time used so far by the server, by this bench and by the whole machine, and the bench's own
/// GC work, at one instant.</summary>
internal readonly record struct CpuSnapshot(long Timestamp, TimeSpan? Server, TimeSpan Client, TimeSpan? Machine, TimeSpan ClientGcPause, int ClientGen0, int ClientGen2)
{
    public static CpuSnapshot Take(ServerProcess server)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSnapshot(
            Stopwatch.GetTimestamp(),
            server.ReadCpuTime(),
            self.TotalProcessorTime,
            SystemCpu.ReadBusy(),
            GC.GetTotalPauseDuration(),
            GC.CollectionCount(0),
            GC.CollectionCount(2));
    }

    /// <summary>Cores each side kept busy on average since <paramref name="start"/>.</summary>
    public CpuUse Since(CpuSnapshot start)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds;
        double? server = Server is { } s && start.Server is { } s0 ? (s - s0).TotalSeconds / seconds : null;
        var client = (Client - start.Client).TotalSeconds / seconds;
        double? others = Machine is { } m && start.Machine is { } m0 && server is { } sc ? Math.Max(0, ((m - m0).TotalSeconds / seconds) - sc - client) : null;
        return new CpuUse(server, client, others, seconds, ClientGcPause - start.ClientGcPause, ClientGen0 - start.ClientGen0, ClientGen2 - start.ClientGen2);
    }
}
