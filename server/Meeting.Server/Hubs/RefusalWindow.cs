namespace Meeting.Server.Hubs;

/// <summary>
/// Counts a connection's refused calls in fixed windows. A client that backs off after
/// <c>rate_limited</c> stays far below the limit; one that keeps firing is a flood.
/// </summary>
internal sealed class RefusalWindow
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly int _limit;
    private readonly Lock _gate = new();
    private long _windowStart;
    private int _count;

    public RefusalWindow(TimeProvider time, int limit, TimeSpan window)
    {
        _time = time;
        _limit = limit;
        _window = window;
        _windowStart = time.GetTimestamp();
    }

    /// <summary>Records one refusal; true (once per window) when it is the first beyond the limit.</summary>
    public bool RecordAndCheck()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_windowStart, now) >= _window)
            {
                _windowStart = now;
                _count = 0;
            }

            _count++;
            return _count == _limit + 1;
        }
    }
}
