namespace Meeting.Server.Lifecycle;

/// <summary>Whether this server is leaving: once it drains, readiness fails so the front door sends new traffic elsewhere.</summary>
internal sealed class SiteState
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public void BeginDrain() => _draining = true;
}
