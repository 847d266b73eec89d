using Meeting.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>
/// Ready while the data connection to the Redis master is up and the master answers a PING within a
/// third of <see cref="SharedStateOptions.UnreadyGrace"/> (at most a second): a hung master (SIGSTOP,
/// a stuck disk) keeps its socket open, so the connection alone would look healthy until the
/// client's stall detection gives up on it, long after the grace. A short outage (a Sentinel failover
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

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
            if (await AnswersPingAsync(cancellationToken))
            {
                return HealthCheckResult.Healthy($"connected to the Redis master at {status.EndPoint}", data);
            }

            // Silent since the oldest reply it still owes (the timed-out PING at least).
            var silent = _redis.Data.Connection.Unanswered;
            data["unansweredMs"] = (long)silent.TotalMilliseconds;
            return silent < _options.UnreadyGrace
                ? HealthCheckResult.Degraded($"the Redis master at {status.EndPoint} does not answer (hung?)", data: data)
                : HealthCheckResult.Unhealthy($"the Redis master at {status.EndPoint} has not answered for {silent.TotalMilliseconds:0} ms", data: data);
        }

        var down = status.Since is { } since ? _time.GetUtcNow() - since : TimeSpan.MaxValue;
        return down < _options.UnreadyGrace
            ? HealthCheckResult.Degraded("the Redis master is unreachable; waiting for it to come back", data: data)
            : HealthCheckResult.Unhealthy("the Redis master is unreachable", data: data);
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromTicks(Math.Clamp(_options.UnreadyGrace.Ticks / 3, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(1).Ticks));
        try
        {
            await _redis.Data.Connection.ExecuteAsync(new RedisCommand("PING").WithTimeout(timeout), cancellationToken);
            return true;
        }
        catch (RedisException)
        {
            // A timeout, or the connection dropped under the PING: either way it did not answer.
            return false;
        }
    }
}
