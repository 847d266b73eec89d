using System.Diagnostics;

namespace Meeting.Bench.Measurement;

/// <summary>Instants as <see cref="Stopwatch"/> timestamps, the one clock every phase measures with.</summary>
internal static class Deadline
{
    /// <summary>The timestamp <paramref name="delay"/> after <paramref name="from"/>.</summary>
    public static long After(long from, TimeSpan delay) => from + (long)(delay.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Time left until <paramref name="timestamp"/>; zero once it has passed.</summary>
    public static TimeSpan Until(long timestamp)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public static bool HasPassed(long timestamp) => Stopwatch.GetTimestamp() >= timestamp;
}
