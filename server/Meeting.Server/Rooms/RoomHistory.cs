using Meeting.Server.Domain;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Rooms;

/// <summary>
/// How the hub and the grace sweep use the room's <see cref="IRoomEventLog"/>. A chat message that cannot
/// be logged is refused (the sender retries); a roster change has already happened when it is logged, so
/// it is announced without an id rather than not at all — only a peer catching up later misses it.
/// </summary>
internal sealed class RoomHistory
{
    private readonly IRoomEventLog _log;
    private readonly RoomEventLogOptions _options;
    private readonly ILogger<RoomHistory> _logger;

    public RoomHistory(IRoomEventLog log, IOptions<RoomEventLogOptions> options, ILogger<RoomHistory> logger)
    {
        _log = log;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Logs an event that must not be announced unless it is logged; the store's failure propagates.</summary>
    public ValueTask<RoomEventId> RecordAsync(RoomId room, RoomEvent roomEvent, CancellationToken cancellationToken = default)
        => _log.AppendAsync(room, roomEvent, cancellationToken);

    /// <summary>Logs a roster change; null when the store could not take it.</summary>
    public async Task<RoomEventId?> TryRecordAsync(RoomId room, RoomEvent roomEvent, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _log.AppendAsync(room, roomEvent, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            _logger.LogWarning(ex, "Could not log {EventKind} of peer {PeerId} in room {Room}; announcing it without an event id", roomEvent.Kind, roomEvent.PeerId, room);
            return null;
        }
    }

    /// <summary>The room's newest event id; null when the store could not say.</summary>
    public async Task<RoomEventId?> TryLatestAsync(RoomId room, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _log.LatestAsync(room, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            _logger.LogWarning(ex, "Could not read the newest event id of room {Room}", room);
            return null;
        }
    }

    /// <summary>The events after <paramref name="after"/>, at most as many as a room's log keeps.</summary>
    public ValueTask<RoomEventPage> ReadAfterAsync(RoomId room, RoomEventId after, CancellationToken cancellationToken = default)
        => _log.ReadAsync(room, after, _options.Length, cancellationToken);
}
