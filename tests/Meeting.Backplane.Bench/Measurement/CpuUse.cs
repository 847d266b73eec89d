namespace Meeting.Backplane.Bench.Measurement;

/// <summary>
/// Cores used on average between two snapshots, per watched process, by the servers' background JIT (part of their
/// own figure), and by everything else on the machine; and the context switches of each watched process's threads
/// (voluntary and not, of the threads alive at both ends, so a lower bound).
/// </summary>
internal sealed record CpuUse(
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, double> Cores,
    IReadOnlyDictionary<string, TimeSpan> CpuTime,
    IReadOnlyDictionary<string, long> ContextSwitches,
    double JitCores,
    double Others)
{
    public double CoresOf(string name) => Cores.TryGetValue(name, out var cores) ? cores : 0;

    public TimeSpan CpuTimeOf(string name) => CpuTime.TryGetValue(name, out var time) ? time : TimeSpan.Zero;

    public long ContextSwitchesOf(string name) => ContextSwitches.TryGetValue(name, out var switches) ? switches : 0;

    /// <summary>"gra 0.92, sbg 0.41, redis 0.18, bench 0.35, others 0.05 cores (servers' JIT 0.10)".</summary>
    public string Describe() =>
        string.Join(", ", Cores.Select(c => $"{c.Key} {c.Value:0.00}")) + $", others {Others:0.00} cores" +
        (JitCores >= 0.01 ? $" (of the servers' figures, tier-1 JIT {JitCores:0.00})" : string.Empty);
}
