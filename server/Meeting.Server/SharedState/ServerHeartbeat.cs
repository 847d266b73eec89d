using Meeting.Server.Lifecycle;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>
/// Keeps this server's heartbeat fresh in Redis. A server that stops beating (it crashed, or its site is
/// gone) has its peers put into their reconnect grace by whichever server sweeps next. A server that was
/// only late (a long pause, a stalled thread pool) or whose beat the store lost learns it from the beat it
/// replaces, and reports a lapse, so that its grace sweep puts its live connections back before those
/// graces run out; nothing else would tell it.
/// </summary>
internal sealed class ServerHeartbeat : PeriodicStoreWork
{
    private readonly RedisRoomRoster _roster;
    private readonly SharedStateOptions _options;
    private readonly ILogger<ServerHeartbeat> _logger;

    // A new server's first beat finds none before it, and has nothing of its own to put back.
    private bool _hasBeaten;

    public ServerHeartbeat(RedisRoomRoster roster, TimeProvider time, IOptions<SharedStateOptions> options, ILogger<ServerHeartbeat> logger)
        : base(time, logger)
    {
        _roster = roster;
        _options = options.Value;
        _logger = logger;
    }

    protected override TimeSpan Interval => _options.HeartbeatInterval;

    protected override bool RunAtStart => true;

    // Halfway between a beat on time and one others take for dead: above the interval, so beats on time are not
    // lapses, and short of ServerDeadAfter, as other servers judge by their own clocks, which may run ahead.
    private TimeSpan LapseAfter => (_options.HeartbeatInterval + _options.ServerDeadAfter) / 2;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var previous = await _roster.BeatAsync(cancellationToken);
        var first = !_hasBeaten;
        _hasBeaten = true;
        if (first || (previous is { } fresh && fresh <= LapseAfter))
        {
            return;
        }

        if (previous is { } age)
        {
            _logger.LogWarning("This server's previous heartbeat was {BeatAgeMs} ms old: other servers may have taken it for dead and started its peers' graces", (long)age.TotalMilliseconds);
        }
        else
        {
            _logger.LogWarning("The store held no heartbeat of this server: it lost its data, or other servers took this one for dead");
        }

        _roster.ReportLapse();
    }
}
