namespace Meeting.Redis.Internal;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits between half and all of min·2ⁿ, capped at max.
/// The jitter keeps many clients from reconnecting in lockstep after a shared outage.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan min, TimeSpan max, Random random)
{
    public TimeSpan GetDelay(int attempt)
    {
        var exponent = Math.Clamp(attempt, 0, 30);
        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, exponent));
        double jitter;
        lock (random)
        {
            jitter = random.NextDouble();
        }

        return TimeSpan.FromMilliseconds((ceiling / 2) + (jitter * ceiling / 2));
    }
}
