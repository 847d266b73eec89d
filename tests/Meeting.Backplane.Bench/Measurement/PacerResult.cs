namespace Meeting.Backplane.Bench.Measurement;

/// <summary>What a <see cref="Pacer"/> did: sends, for how long, and how far it fell behind its schedule at worst
/// (a tick or two is normal; more means the bench itself could not keep the rate).</summary>
internal sealed record PacerResult(long Sent, TimeSpan Elapsed, TimeSpan MaxBehind)
{
    public double Rate => Sent / Math.Max(Elapsed.TotalSeconds, 1e-6);
}
