using System.Diagnostics;

namespace Meeting.Bench.Measurement;

/// <summary>
/// Where every connection reports the <c>Signal</c> messages it receives: a phase points it at a
/// histogram, and samples sent before the phase's warm-up ended are left out.
/// </summary>
internal sealed class SignalSink
{
    private Window? _window;

    /// <summary>Starts recording into <paramref name="histogram"/> the Signals sent at or after <paramref name="fromTimestamp"/>.</summary>
    public void Record(LatencyHistogram histogram, long fromTimestamp) => Volatile.Write(ref _window, new Window(histogram, fromTimestamp));

    public void Stop() => Volatile.Write(ref _window, null);

    /// <summary>A Signal with <paramref name="sentAt"/> (Stopwatch ticks of this process) arrived at <paramref name="now"/>.</summary>
    public void OnSignal(long sentAt, long now)
    {
        if (Volatile.Read(ref _window) is { } window && sentAt >= window.FromTimestamp)
        {
            window.Histogram.Record((now - sentAt) * 1_000_000 / Stopwatch.Frequency);
        }
    }

    private sealed record Window(LatencyHistogram Histogram, long FromTimestamp);
}
