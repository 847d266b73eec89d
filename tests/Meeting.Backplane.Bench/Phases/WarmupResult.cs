namespace Meeting.Backplane.Bench.Phases;

/// <summary>How the servers' warm-up went: rounds of load, how long in all, and the tier-1 JIT (cores) in the last round.</summary>
internal sealed record WarmupResult(int Rounds, TimeSpan Elapsed, double LastRoundJitCores)
{
    public bool Quiet => LastRoundJitCores < ServerWarmup.QuietJitCores;

    public string Describe() =>
        $"{Rounds} rounds of mixed load in {Elapsed.TotalSeconds:0.0} s; tier-1 JIT in the last round {LastRoundJitCores:0.00} cores" +
        (Quiet ? " (quiet)" : " (STILL BUSY: the first phase may run on code not yet optimised)");
}
