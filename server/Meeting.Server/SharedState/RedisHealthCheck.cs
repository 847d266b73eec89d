using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>
/// Ready while the data connection to the Redis master is up. A short outage (a Sentinel failover
/// takes about three seconds) only degrades the report; past <see cref="SharedStateOptions.UnreadyGrace"/>
/// the server is unready, never dead: liveness does not look at Redis, so an outage cannot cascade
/// into restarts.
/// </summary>
internal sealed class RedisHealthCheck : IHealthCheck
{
    private readonly SharedStateClients _redis;
    private readonly TimeProvider _time;
    private readonly SharedStateOptions _options;

    public RedisHealthCheck(SharedStateClients redis, TimeProvider time, IOptions<SharedStateOptions> options)
    {
        _redis = redis;
        _time = time;
        _options = options.Value;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = _redis.Data.GetStatus();
        var data = new Dictionary<string, object>
        {
            ["connected"] = status.Connected,
            ["master"] = status.EndPoint?.ToString() ?? "unknown",
            ["since"] = status.Since?.ToString("O") ?? "never",
            ["reconnects"] = status.Reconnects,
        };
        if (status.LastError is not null)
        {
            data["lastError"] = status.LastError;
            data["lastErrorAt"] = status.LastErrorAt?.ToString("O") ?? string.Empty;
        }

        if (status.Sentinel is { } sentinel)
        {
            data["masterName"] = sentinel.MasterName;
            data["sentinelsConfigured"] = sentinel.SentinelsConfigured;
            data["sentinelsReachable"] = sentinel.SentinelsReachable;
            data["masterSwitches"] = sentinel.Switches;
            data["masterSince"] = sentinel.MasterSince?.ToString("O") ?? "unknown";
        }

        if (status.Connected)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"connected to the Redis master at {status.EndPoint}", data));
        }

        var down = status.Since is { } since ? _time.GetUtcNow() - since : TimeSpan.MaxValue;
        return Task.FromResult(down < _options.UnreadyGrace
            ? HealthCheckResult.Degraded("the Redis master is unreachable; waiting for it to come back", data: data)
            : HealthCheckResult.Unhealthy("the Redis master is unreachable", data: data));
    }
}
