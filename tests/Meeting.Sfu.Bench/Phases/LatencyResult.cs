namespace Meeting.Sfu.Bench.Phases;

/// <summary>One-way delay percentiles in microseconds: through the SFU (two loopback hops and the SFU's
/// work) and straight over one loopback hop, both with the same SRTP protect before and unprotect after.</summary>
internal sealed record LatencyResult(double SfuP50, double SfuP99, double RawP50, double RawP99, int SfuSamples, int RawSamples)
{
    public double AddedP50 => SfuP50 - RawP50;

    public double AddedP99 => SfuP99 - RawP99;
}
