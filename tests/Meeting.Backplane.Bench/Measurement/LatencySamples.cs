using System.Diagnostics;

namespace Meeting.Backplane.Bench.Measurement;

/// <summary>
/// Send-to-receive latencies in <see cref="Stopwatch"/> ticks, kept exactly in a preallocated array: receive
/// loops add from many threads without locking, and samples beyond the capacity are counted, not kept.
/// </summary>
internal sealed class LatencySamples
{
    private readonly long[] _samples;
    private long _count;

    public LatencySamples(int capacity) => _samples = new long[Math.Max(1, capacity)];

    /// <summary>Samples offered, kept or not.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Add(long ticks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length)
        {
            _samples[index] = ticks;
        }
    }

    /// <summary>Percentiles over what was kept; call once adding has stopped.</summary>
    public LatencySummary Summarize()
    {
        var kept = (int)Math.Min(Count, _samples.Length);
        if (kept == 0)
        {
            return LatencySummary.Empty;
        }

        var sorted = _samples.AsSpan(0, kept).ToArray();
        Array.Sort(sorted);
        return new LatencySummary(
            kept,
            Count - kept,
            ToMilliseconds(At(sorted, 0.50)),
            ToMilliseconds(At(sorted, 0.90)),
            ToMilliseconds(At(sorted, 0.99)),
            ToMilliseconds(sorted[^1]));
    }

    /// <summary>Nearest rank.</summary>
    private static long At(long[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double ToMilliseconds(long ticks) => ticks * 1_000.0 / Stopwatch.Frequency;
}
