namespace Meeting.Sfu.Bench.Measurement;

/// <summary>One-way delays in nanoseconds, in a buffer sized up front (recording
/// allocates nothing); samples beyond its capacity are not kept.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _samples = new long[capacity];

    public int Count { get; private set; }

    public void Add(long ticks)
    {
        if (Count < _samples.Length)
        {
            _samples[Count++] = ticks;
        }
    }

    /// <summary>The <paramref name="quantile"/> (0-1) of every recorder's samples, in microseconds.</summary>
    public static double Quantile(IEnumerable<LatencyRecorder> recorders, double quantile)
    {
        var all = recorders.SelectMany(r => r._samples.Take(r.Count)).Order().ToArray();
        if (all.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Clamp(Math.Ceiling(quantile * all.Length) - 1, 0, all.Length - 1);
        return all[index] / 1_000.0;
    }
}
