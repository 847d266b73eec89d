using System.Diagnostics.Metrics;
using Meeting.Server.Lifecycle;
using Meeting.Server.Observability;

namespace Meeting.Server.SharedState;

/// <summary>
/// Watches the Redis client's state and turns it into failover metrics: master switches, how long
/// each loss of the master lasted, and whether the master is reachable now. Polling a snapshot every
/// quarter second costs nothing and needs no hook inside the client.
/// </summary>
internal sealed class RedisFailoverMetrics : PeriodicStoreWork
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly SharedStateClients _redis;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisFailoverMetrics> _logger;
    private readonly Histogram<double> _outages;
    private long? _downSince;

    public RedisFailoverMetrics(SharedStateClients redis, TimeProvider time, IMeterFactory meters, ILogger<RedisFailoverMetrics> logger)
        : base(time, logger)
    {
        _redis = redis;
        _time = time;
        _logger = logger;
        var meter = meters.Create(MeetingMetrics.MeterName);
        meter.CreateObservableCounter("meeting.redis.master_switches", () => _redis.Data.GetStatus().Sentinel?.Switches ?? 0, "{switch}", "Times the sentinels moved the master and this server followed.");
        meter.CreateObservableCounter("meeting.redis.reconnects", () => _redis.Data.GetStatus().Reconnects, "{reconnect}", "Times this server's Redis data connection was lost.");
        meter.CreateObservableGauge("meeting.redis.connected", () => _redis.Data.GetStatus().Connected ? 1 : 0, null, "1 while this server is connected to the Redis master.");
        _outages = meter.CreateHistogram<double>(
            "meeting.redis.outage.duration",
            "s",
            "How long this server could not reach the Redis master each time it lost it (a failover, or an outage).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 20, 60] });
    }

    protected override TimeSpan Interval => PollInterval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var status = _redis.Data.GetStatus();
        if (!status.Connected && _downSince is null && status.Reconnects > 0)
        {
            _downSince = _time.GetTimestamp();
        }
        else if (status.Connected && _downSince is { } since)
        {
            var outage = _time.GetElapsedTime(since);
            _downSince = null;
            _outages.Record(outage.TotalSeconds);
            _logger.LogInformation("Redis master reachable again at {EndPoint} after {Outage}", status.EndPoint, outage);
        }

        return Task.CompletedTask;
    }
}
