using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;

namespace Meeting.Server.Lifecycle;

/// <summary>
/// Takes over the rooms whose peers are connected here when their home is gone, and tells the peers
/// where the room lives now. A join or rejoin takes a room over too, but only if it happens after the
/// home died: peers that stayed connected here (the home's signalling was elsewhere) would otherwise
/// keep a transport at the dead home until somebody new came in.
/// </summary>
internal sealed class RoomHomeWatch : PeriodicStoreWork
{
    private readonly IRoomHomes _homes;
    private readonly ILiveRoomMembers _live;
    private readonly IRoomNotifier _notifier;
    private readonly MeetingMetrics _metrics;
    private readonly ILogger<RoomHomeWatch> _logger;

    public RoomHomeWatch(IRoomHomes homes, ILiveRoomMembers live, IRoomNotifier notifier, MeetingMetrics metrics, TimeProvider time, ILogger<RoomHomeWatch> logger)
        : base(time, logger)
    {
        _homes = homes;
        _live = live;
        _notifier = notifier;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>As often as a home renews its lease: a room waits at most this long past its home's death.</summary>
    protected override TimeSpan Interval => _homes.RenewInterval;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var rooms = _live.Snapshot().Select(entry => entry.Room).Distinct().Where(room => !_homes.IsHomedHere(room)).ToArray();
        foreach (var room in rooms)
        {
            var claim = await _homes.ClaimOrGetAsync(room, cancellationToken);
            if (claim.Claimed && claim.Home.Epoch > 1)
            {
                _metrics.HomeMoved();
                _logger.LogInformation("Room {Room} moved its home here at epoch {Epoch}: its home was gone", room, claim.Home.Epoch);
                await _notifier.HomeChangedAsync(room, claim.Home, cancellationToken);
            }
        }
    }
}
