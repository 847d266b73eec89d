using System.Diagnostics;
using Meeting.Bench.Clients;
using Meeting.Bench.Hosting;
using Meeting.Bench.Measurement;

namespace Meeting.Bench.Phases;

/// <summary>
/// Before phase B: short rounds of phase B's load until the server's tier-1 JIT thread has used under
/// <see cref="QuietCores"/> for two rounds in a row (after at least three), at most <c>--server-warmup</c>.
/// Without it phase B measured a server still running instrumented (PGO) code and recompiling on a core of
/// its own: the profile showed a quarter of its CPU there, more for ours than for the bare hub.
/// </summary>
internal sealed class ServerWarmup(BenchOptions options, ServerProcess server, ClientFleet fleet, SignalSink sink)
{
    /// <summary>The runtime's background JIT thread, as <c>/proc/*/task/*/comm</c> shows it.</summary>
    private const string TieredCompilationThread = ".NET Tiered Com";

    private const double QuietCores = 0.05;
    private const int MinRounds = 3;

    /// <summary>Seconds spent, and the JIT thread's cores in the last round (null when unreadable).</summary>
    public async Task<(double Seconds, double? LastJitCores)> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var round = options with { Duration = TimeSpan.FromSeconds(1) };
        double? lastJit = null;
        var quiet = 0;
        for (var rounds = 1; Stopwatch.GetElapsedTime(started) < options.ServerWarmup; rounds++)
        {
            var jitBefore = server.Pid is { } pid ? ProcStatus.ReadThreadCpu(pid, TieredCompilationThread) : null;
            var roundStarted = Stopwatch.GetTimestamp();
            await new ThroughputPhase(round, server, fleet, sink).RunAsync(cancellationToken);
            var jitAfter = server.Pid is { } pid2 ? ProcStatus.ReadThreadCpu(pid2, TieredCompilationThread) : null;
            if (jitBefore is not { } before || jitAfter is not { } after)
            {
                break; // cannot tell: the fixed warm-up of phase B is all there is
            }

            lastJit = (after - before).TotalSeconds / Stopwatch.GetElapsedTime(roundStarted).TotalSeconds;
            quiet = lastJit < QuietCores ? quiet + 1 : 0;
            if (quiet >= 2 && rounds >= MinRounds)
            {
                break;
            }
        }

        return (Stopwatch.GetElapsedTime(started).TotalSeconds, lastJit);
    }
}
