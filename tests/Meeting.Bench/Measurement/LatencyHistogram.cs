using System.Numerics;

namespace Meeting.Bench.Measurement;

/// <summary>
/// A thread-safe log-linear histogram of latencies in microseconds: exact below 1,024 µs, then 512 buckets
/// per power of two (0.2 % resolution), so percentiles cost no sorting and recording allocates nothing.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearLimit = 1024;
    private const int SubBuckets = 512;
    private const int SubBucketBits = 9;
    private const int MaxExponent = 40;

    private readonly long[] _counts = new long[LinearLimit + (MaxExponent * SubBuckets)];
    private long _count;
    private long _maxMicroseconds;

    public long Count => Volatile.Read(ref _count);

    public double MaxMilliseconds => Volatile.Read(ref _maxMicroseconds) / 1000.0;

    public void Record(long microseconds)
    {
        microseconds = Math.Max(0, microseconds);
        Interlocked.Increment(ref _counts[IndexOf(microseconds)]);
        Interlocked.Increment(ref _count);
        var max = Volatile.Read(ref _maxMicroseconds);
        while (microseconds > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicroseconds, microseconds, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The latency below which <paramref name="percentile"/> % of the samples fall, in milliseconds.</summary>
    public double PercentileMilliseconds(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(total * percentile / 100.0);
        var seen = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= Math.Max(1, rank))
            {
                return Math.Min(UpperBoundOf(i), Volatile.Read(ref _maxMicroseconds)) / 1000.0;
            }
        }

        return MaxMilliseconds;
    }

    internal static int IndexOf(long microseconds)
    {
        if (microseconds < LinearLimit)
        {
            return (int)microseconds;
        }

        var exponent = Math.Min(MaxExponent, BitOperations.Log2((ulong)microseconds) - SubBucketBits);
        var mantissa = Math.Min((SubBuckets * 2) - 1, microseconds >> exponent);
        return LinearLimit + ((exponent - 1) * SubBuckets) + (int)(mantissa - SubBuckets);
    }

    internal static long UpperBoundOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var exponent = ((index - LinearLimit) / SubBuckets) + 1;
        var mantissa = SubBuckets + ((index - LinearLimit) % SubBuckets);
        return ((mantissa + 1L) << exponent) - 1;
    }
}
