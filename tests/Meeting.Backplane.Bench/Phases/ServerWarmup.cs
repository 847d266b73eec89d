using System.Diagnostics;
using Meeting.Backplane.Bench.Clients;
using Meeting.Backplane.Bench.Measurement;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>
/// Before anything is measured: one-second rounds of every kind of load at once (Signals across servers and on one,
/// Chats in the broadcast room) until the servers' background JIT has been quiet for two rounds in a row (after at
/// least three), or the time is up. Without it the first
/// phase runs partly on tier-0 code while tier-1 recompilation takes a third of the machine, and the phases after it
/// look better than they are in comparison.
/// </summary>
internal static class ServerWarmup
{
    /// <summary>Below this many cores of tier-1 JIT in a round, the servers run their final code.</summary>
    public const double QuietJitCores = 0.05;

    /// <summary>Quiet rounds in a row that end the warm-up. One is not enough: the runtime holds tier-1 work back
    /// while new methods are still being compiled at tier 0, so the very first round is often quiet too.</summary>
    private const int QuietRoundsNeeded = 2;

    /// <summary>Rounds before a quiet one may end the warm-up.</summary>
    private const int MinRounds = 3;

    private static readonly PhaseTiming Round = new(TimeSpan.Zero, TimeSpan.FromSeconds(1));

    public static async Task<WarmupResult> RunAsync(
        IReadOnlyList<SignalPair> signalPairs,
        IReadOnlyList<BenchPeer> room,
        int window,
        int chatRate,
        TimeSpan maxTime,
        CpuMeter cpu,
        CancellationToken abort)
    {
        var started = Stopwatch.GetTimestamp();
        var maxRounds = (int)Math.Ceiling(maxTime / Round.Duration);
        var rounds = 0;
        var quietRounds = 0;
        var jit = double.NaN;
        while (rounds < maxRounds && Stopwatch.GetElapsedTime(started) < maxTime)
        {
            var before = cpu.Take();
            await Task.WhenAll(
                ThroughputPhase.RunAsync("warm-up", signalPairs, window, Round, cpu, abort),
                BroadcastPhase.RunAsync(room, chatRate, Round, cpu, abort));
            jit = CpuMeter.Between(before, cpu.Take()).JitCores;
            rounds++;
            quietRounds = jit < QuietJitCores ? quietRounds + 1 : 0;
            if (rounds >= MinRounds && quietRounds >= QuietRoundsNeeded)
            {
                break;
            }
        }

        return new WarmupResult(rounds, Stopwatch.GetElapsedTime(started), jit);
    }
}
