using Meeting.Server.Lifecycle;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>Keeps this server's heartbeat fresh in Redis. A server that stops beating (it crashed, or its
/// site is gone) has its peers put into their reconnect grace by whichever server sweeps next.</summary>
internal sealed class ServerHeartbeat : PeriodicStoreWork
{
    private readonly RedisRoomRoster _roster;
    private readonly SharedStateOptions _options;

    public ServerHeartbeat(RedisRoomRoster roster, TimeProvider time, IOptions<SharedStateOptions> options, ILogger<ServerHeartbeat> logger)
        : base(time, logger)
    {
        _roster = roster;
        _options = options.Value;
    }

    protected override TimeSpan Interval => _options.HeartbeatInterval;

    protected override bool RunAtStart => true;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => _roster.BeatAsync(cancellationToken);
}
