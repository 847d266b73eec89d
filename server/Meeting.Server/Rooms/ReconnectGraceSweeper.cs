using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Rooms;

/// <summary>
/// Ends the places of peers whose reconnect grace ran out, telling their rooms they left, and
/// keeps the roster's counts fresh for the gauges.
/// </summary>
internal sealed class ReconnectGraceSweeper : BackgroundService
{
    private readonly IRoomRoster _roster;
    private readonly RoomHistory _history;
    private readonly RosterSnapshot _snapshot;
    private readonly DeferredDepartures _departures;
    private readonly IHubContext<MeetingHub, IMeetingClient> _hub;
    private readonly TimeProvider _time;
    private readonly RoomOptions _options;
    private readonly ILogger<ReconnectGraceSweeper> _logger;

    public ReconnectGraceSweeper(
        IRoomRoster roster,
        RoomHistory history,
        RosterSnapshot snapshot,
        DeferredDepartures departures,
        IHubContext<MeetingHub, IMeetingClient> hub,
        TimeProvider time,
        IOptions<RoomOptions> options,
        ILogger<ReconnectGraceSweeper> logger)
    {
        _roster = roster;
        _history = history;
        _snapshot = snapshot;
        _departures = departures;
        _hub = hub;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.GraceSweepInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (StoreUnavailableException ex)
                {
                    _logger.LogDebug(ex, "Reconnect grace sweep skipped: the shared store is unavailable");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One failed sweep (a store hiccup) must not stop the next one.
                    _logger.LogWarning(ex, "Reconnect grace sweep failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        await _departures.RetryAsync(_roster, cancellationToken);
        var expired = await _roster.RemoveAwayAsync(_time.GetUtcNow() - _options.ReconnectGrace, cancellationToken);
        foreach (var (room, member) in expired)
        {
            // Logged first, like every roster change, so peers that are themselves away learn it when they catch up.
            var eventId = await _history.TryRecordAsync(room, RoomEvent.Left(member.PeerId, _time.GetUtcNow()), cancellationToken);
            await _hub.Clients.Group(RoomGroups.For(room)).PeerLeft(new PeerRef(member.PeerId.Value, eventId?.ToString()));
            _logger.LogInformation("Peer {PeerId} did not come back to room {Room} within its grace; it left", member.PeerId, room);
        }

        _snapshot.Current = await _roster.CountAsync(cancellationToken);
    }
}
