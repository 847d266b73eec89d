namespace Meeting.Server.Rooms;

/// <summary>The roster's last counted size, refreshed by the grace sweep, so that gauges never wait on a store.</summary>
internal sealed class RosterSnapshot
{
    private readonly Lock _gate = new();
    private RosterCounts _current;

    public RosterCounts Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }

        set
        {
            lock (_gate)
            {
                _current = value;
            }
        }
    }
}
