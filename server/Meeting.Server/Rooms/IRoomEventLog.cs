using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>
/// Each room's recent history — chat and roster changes — so that a peer that lost its connection,
/// even to a server that then died, can catch up on what it missed when it rejoins anywhere. In memory
/// on a single node; a Redis stream when sites share rooms. Bounded: the oldest events fall off.
/// </summary>
public interface IRoomEventLog
{
    /// <summary>Appends <paramref name="roomEvent"/> and returns its id, greater than every id the room's log gave before.</summary>
    ValueTask<RoomEventId> AppendAsync(RoomId room, RoomEvent roomEvent, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="max"/> events after <paramref name="after"/>, oldest first; see <see cref="RoomEventPage.Truncated"/>.</summary>
    ValueTask<RoomEventPage> ReadAsync(RoomId room, RoomEventId after, int max, CancellationToken cancellationToken = default);

    /// <summary>The id of the room's newest event, or <see cref="RoomEventId.Zero"/> if its log is empty.</summary>
    ValueTask<RoomEventId> LatestAsync(RoomId room, CancellationToken cancellationToken = default);
}
