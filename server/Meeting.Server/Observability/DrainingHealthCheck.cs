using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Meeting.Server.Observability;

/// <summary>Unready while the server shuts down, so no new client is sent to a process that is leaving.</summary>
internal sealed class DrainingHealthCheck : IHealthCheck
{
    private readonly SiteState _site;

    public DrainingHealthCheck(SiteState site) => _site = site;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(_site.IsDraining
            ? HealthCheckResult.Unhealthy("draining: the server is shutting down")
            : HealthCheckResult.Healthy("accepting new connections"));
}
