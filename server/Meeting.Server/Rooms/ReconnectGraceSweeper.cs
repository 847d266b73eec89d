using Meeting.Server.Configuration;
using Meeting.Server.Hubs;
using Meeting.Server.Lifecycle;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Rooms;

/// <summary>
/// Ends the places of peers whose reconnect grace ran out, telling their rooms they left, and
/// keeps the roster's counts fresh for the gauges.
/// </summary>
internal sealed class ReconnectGraceSweeper : PeriodicStoreWork
{
    private readonly IRoomRoster _roster;
    private readonly RoomHistory _history;
    private readonly RosterSnapshot _snapshot;
    private readonly DeferredDepartures _departures;
    private readonly IHubContext<MeetingHub, IMeetingClient> _hub;
    private readonly IRoomMediaCleanup _media;
    private readonly TimeProvider _time;
    private readonly RoomOptions _options;
    private readonly ILogger<ReconnectGraceSweeper> _logger;

    public ReconnectGraceSweeper(
        IRoomRoster roster,
        RoomHistory history,
        RosterSnapshot snapshot,
        DeferredDepartures departures,
        IHubContext<MeetingHub, IMeetingClient> hub,
        IRoomMediaCleanup media,
        TimeProvider time,
        IOptions<RoomOptions> options,
        ILogger<ReconnectGraceSweeper> logger)
        : base(time, logger)
    {
        _roster = roster;
        _history = history;
        _snapshot = snapshot;
        _departures = departures;
        _hub = hub;
        _media = media;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    protected override TimeSpan Interval => _options.GraceSweepInterval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        await _departures.RetryAsync(_roster, cancellationToken);
        var expired = await _roster.RemoveAwayAsync(_time.GetUtcNow() - _options.ReconnectGrace, cancellationToken);
        foreach (var (room, member) in expired)
        {
            // Logged first, like every roster change, so peers that are themselves away learn it when they catch up.
            var eventId = await _history.TryRecordAsync(room, RoomEvent.Left(member.PeerId, _time.GetUtcNow()), cancellationToken);
            await _hub.Clients.Group(RoomGroups.For(room)).PeerLeft(new PeerRef(member.PeerId.Value, eventId?.ToString()));
            await _media.PeerLeftAsync(room, member.PeerId, cancellationToken);
            _logger.LogInformation("Peer {PeerId} did not come back to room {Room} within its grace; it left", member.PeerId, room);
        }

        _snapshot.Current = await _roster.CountAsync(cancellationToken);
    }
}
