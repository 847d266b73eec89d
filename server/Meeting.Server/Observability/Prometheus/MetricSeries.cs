namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// The running value of one instrument for one tag set. Recording is lock-free (interlocked operations on
/// fields), so a scrape reading the series never holds up the threads that record into it.
/// </summary>
internal sealed class MetricSeries
{
    private readonly double[]? _upperBounds;
    private readonly long[]? _buckets;
    private long _sum;
    private double _value;
    private double _histogramSum;
    private long _observedIn = -1;

    /// <param name="labels">Prometheus label names and values, sorted by name.</param>
    /// <param name="upperBounds">The histogram's bucket bounds, ascending, in the exported unit; null for any other instrument.</param>
    public MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, double[]? upperBounds)
    {
        Labels = labels;
        _upperBounds = upperBounds;
        _buckets = upperBounds is null ? null : new long[upperBounds.Length + 1];
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    /// <summary>The counter or gauge value: the integer increments plus the floating-point ones or the last value set.</summary>
    public double Value => Interlocked.Read(ref _sum) + Volatile.Read(ref _value);

    public void Add(long increment) => Interlocked.Add(ref _sum, increment);

    public void Add(double increment) => AddTo(ref _value, increment);

    /// <summary>Replaces the value, for gauges and for running totals read from observable instruments.</summary>
    public void Set(double value) => Interlocked.Exchange(ref _value, value);

    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        // Prometheus buckets are "less than or equal": a value on a bound counts in that bound's bucket,
        // which is where an exact match lands; otherwise the complement is the first bound above the value.
        var index = Array.BinarySearch(_upperBounds!, value);
        if (index < 0)
        {
            index = ~index;
        }

        Interlocked.Increment(ref _buckets![index]);
        AddTo(ref _histogramSum, value);
    }

    /// <summary>Notes that an observable instrument reported this series in scrape <paramref name="generation"/>.
    /// Only called from the scrape's own thread, inside its lock.</summary>
    public void MarkObserved(long generation) => _observedIn = generation;

    public bool WasObservedIn(long generation) => _observedIn == generation;

    /// <summary>The buckets as they stand, each bucket read atomically.</summary>
    public HistogramValue ReadHistogram()
    {
        var counts = new long[_buckets!.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _buckets[i]);
        }

        return new HistogramValue(_upperBounds!, counts, Volatile.Read(ref _histogramSum));
    }

    private static void AddTo(ref double target, double increment)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + increment, current);
            // Compare bits, not values: 0.0 and -0.0 are equal values but a failed exchange must retry.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
