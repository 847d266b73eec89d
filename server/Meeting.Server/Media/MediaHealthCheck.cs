using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Meeting.Server.Media;

/// <summary>Unready while the media port is not bound: a server that cannot carry media must not take rooms.</summary>
internal sealed class MediaHealthCheck : IHealthCheck
{
    private readonly MediaHost _host;

    public MediaHealthCheck(MediaHost host) => _host = host;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_host.Worker is not { } worker)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"media port not bound ({_host.Failure ?? "starting"})"));
        }

        var census = worker.Census;
        var data = new Dictionary<string, object>
        {
            ["listen"] = worker.LocalEndPoint.ToString(),
            ["announced"] = $"{worker.AnnouncedAddress}:{worker.LocalEndPoint.Port}",
            ["transports"] = census.Transports,
            ["producers"] = census.Producers,
            ["consumers"] = census.Consumers,
        };
        return Task.FromResult(HealthCheckResult.Healthy("media port bound", data));
    }
}
