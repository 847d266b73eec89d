using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Rooms;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Lifecycle;

/// <summary>
/// Ends the places of peers whose reconnect grace ran out, telling their rooms they left, and
/// keeps the roster's counts fresh for the gauges. After the store was unreachable, or took this server
/// for dead, it first puts this server's live connections back into the roster: while no heartbeat got
/// through, another server (or the store's loss of its data) may have started graces for peers whose
/// sockets never dropped.
/// </summary>
internal sealed class ReconnectGraceSweeper : PeriodicStoreWork
{
    private readonly IRoomRoster _roster;
    private readonly RoomHistory _history;
    private readonly RosterSnapshot _snapshot;
    private readonly DeferredDepartures _departures;
    private readonly IRoomNotifier _notifier;
    private readonly IRoomMediaCleanup _media;
    private readonly ILiveRoomMembers _live;
    private readonly RoomHostSuccession _succession;
    private readonly TimeProvider _time;
    private readonly RoomOptions _options;
    private readonly ILogger<ReconnectGraceSweeper> _logger;

    // Whether a run failed on the store since the live places were last put back, and the store's
    // interruption count then: either says an outage may have happened in between.
    private bool _storeFailed = true;
    private long _reconciledAt;

    public ReconnectGraceSweeper(
        IRoomRoster roster,
        RoomHistory history,
        RosterSnapshot snapshot,
        DeferredDepartures departures,
        IRoomNotifier notifier,
        IRoomMediaCleanup media,
        ILiveRoomMembers live,
        RoomHostSuccession succession,
        TimeProvider time,
        IOptions<RoomOptions> options,
        ILogger<ReconnectGraceSweeper> logger)
        : base(time, logger)
    {
        _roster = roster;
        _history = history;
        _snapshot = snapshot;
        _departures = departures;
        _notifier = notifier;
        _media = media;
        _live = live;
        _succession = succession;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    protected override TimeSpan Interval => _options.GraceSweepInterval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileIfInterruptedAsync(cancellationToken);
            await ExpireGracesAsync(cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            _storeFailed = true;
            throw;
        }
    }

    private async Task ReconcileIfInterruptedAsync(CancellationToken cancellationToken)
    {
        var interruptions = _roster.Interruptions;
        if (!_storeFailed && interruptions == _reconciledAt)
        {
            return;
        }

        var live = _live.Snapshot();
        await _roster.ReconcileAsync(live, cancellationToken);
        _storeFailed = false;
        _reconciledAt = interruptions;
        if (live.Count > 0)
        {
            _logger.LogInformation("Put {Count} live connections back into their rooms after the store was unreachable or took this server for dead", live.Count);
        }
    }

    private async Task ExpireGracesAsync(CancellationToken cancellationToken)
    {
        await _departures.RetryAsync(_roster, cancellationToken);
        var expired = await _roster.RemoveAwayAsync(_time.GetUtcNow() - _options.ReconnectGrace, cancellationToken);
        foreach (var (room, member) in expired)
        {
            // Logged first, like every roster change, so peers that are themselves away learn it when they catch up.
            var eventId = await _history.TryRecordAsync(room, RoomEvent.Left(member.PeerId, _time.GetUtcNow()), cancellationToken);
            await _notifier.PeerLeftAsync(room, member.PeerId, eventId, cancellationToken);
            await _media.PeerLeftAsync(room, member.PeerId, cancellationToken);
            await _succession.PeerLeftAsync(room, member.PeerId, cancellationToken);
            _logger.LogInformation("Peer {PeerId} did not come back to room {Room} within its grace; it left", member.PeerId, room);
        }

        _snapshot.Current = await _roster.CountAsync(cancellationToken);
    }
}
