using System.Diagnostics;

namespace Meeting.Backplane.Bench.Measurement;

/// <summary>Waits, bounded, for what was sent to arrive once sending has stopped.</summary>
internal static class Drain
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="arrived"/> reaches <paramref name="expected"/> or <see cref="Timeout"/> has passed.</summary>
    public static async Task UntilAsync(Func<long> arrived, long expected, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var maxPolls = (int)(Timeout / Poll) + 1;
        for (var poll = 0; poll < maxPolls && arrived() < expected && Stopwatch.GetElapsedTime(started) < Timeout; poll++)
        {
            await Task.Delay(Poll, cancellationToken);
        }
    }
}
