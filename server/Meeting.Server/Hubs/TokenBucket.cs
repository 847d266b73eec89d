namespace Meeting.Server.Hubs;

/// <summary>
/// A per-connection rate limit without a timer: tokens are refilled from the elapsed time at each
/// take, so ten thousand idle connections cost ten thousand small objects and nothing else.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly double _capacity;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(TimeProvider time, int perSecond, int capacity)
    {
        _time = time;
        _perSecond = perSecond;
        _capacity = capacity;
        _tokens = capacity;
        _lastRefill = time.GetTimestamp();
    }

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
            _lastRefill = now;
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _perSecond));
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
