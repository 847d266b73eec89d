namespace Meeting.Sfu.Bench.Phases;

/// <summary>One-way delay percentiles in microseconds, sender's stamp to the kernel's arrival stamp at the
/// receiving socket: through the SFU (two loopback hops, its media thread's wake-up and its work) and
/// straight over one loopback hop, both with the same SRTP protect before and unprotect after.
/// <see cref="WakeP99"/>: sender's stamp to the moment a thread waiting on the raw hop's socket ran.
/// <see cref="Collections"/> and <see cref="GcPause"/>: garbage collections (any generation counts in
/// gen 0's count) while the SFU path was measured, and how long they paused the process.</summary>
internal sealed record LatencyResult(double SfuP50, double SfuP99, double RawP50, double RawP99, double WakeP99, int SfuSamples, int RawSamples, int Collections, TimeSpan GcPause)
{
    public double AddedP50 => SfuP50 - RawP50;

    public double AddedP99 => SfuP99 - RawP99;
}
