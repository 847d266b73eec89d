using Meeting.Server.Rooms;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Meeting.Server.Lifecycle;

/// <summary>
/// Unready while the server shuts down, so no new client is sent to a process that is leaving. Its
/// data is the site's own state for <c>/health</c>: its role, the rooms homed here and its connections.
/// </summary>
internal sealed class DrainingHealthCheck : IHealthCheck
{
    private readonly SiteState _site;
    private readonly IRoomHomes _homes;
    private readonly IDrainableConnections _connections;

    public DrainingHealthCheck(SiteState site, IRoomHomes homes, IDrainableConnections connections)
    {
        _site = site;
        _homes = homes;
        _connections = connections;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["role"] = _site.IsDraining ? "draining" : "serving",
            ["roomsHomedHere"] = _homes.HomedHere,
            ["connections"] = _connections.Count,
        };
        return Task.FromResult(_site.IsDraining
            ? HealthCheckResult.Unhealthy("draining: the server is shutting down", data: data)
            : HealthCheckResult.Healthy("accepting new connections", data));
    }
}
