namespace Meeting.Backplane.Bench.Measurement;

/// <summary>
/// CPU time used so far by each process the bench watches, by their background JIT threads (tier-1 recompilation),
/// context switches of their threads alive at that moment, and the whole machine's busy time, at one moment.
/// </summary>
internal sealed record CpuSnapshot(
    long Timestamp,
    IReadOnlyDictionary<string, TimeSpan> ByProcess,
    IReadOnlyDictionary<string, TimeSpan> JitByProcess,
    IReadOnlyDictionary<string, long> ContextSwitchesByProcess,
    long SystemBusyTicks,
    long SystemTotalTicks);
