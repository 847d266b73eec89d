using Meeting.Server.Rooms;

namespace Meeting.Server.Lifecycle;

/// <summary>Renews the leases of the rooms homed on this server, and logs the ones it lost. If the store is
/// unreachable long enough for a lease to lapse, the next server to touch that room takes it over with a
/// newer epoch.</summary>
internal sealed class RoomHomeKeeper : PeriodicStoreWork
{
    private readonly IRoomHomes _homes;
    private readonly IRoomMediaCleanup _media;
    private readonly ILogger<RoomHomeKeeper> _logger;

    public RoomHomeKeeper(IRoomHomes homes, IRoomMediaCleanup media, TimeProvider time, ILogger<RoomHomeKeeper> logger)
        : base(time, logger)
    {
        _homes = homes;
        _media = media;
        _logger = logger;
    }

    protected override TimeSpan Interval => _homes.RenewInterval;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var room in await _homes.RenewAsync(cancellationToken))
        {
            _logger.LogInformation("Room {Room} is no longer homed here: it emptied, or another server took it over", room);
            await _media.RoomLostAsync(room, cancellationToken);
        }
    }
}
