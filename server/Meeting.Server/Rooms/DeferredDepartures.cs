using System.Collections.Concurrent;
using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>
/// Disconnects the roster could not record (the store was briefly unreachable). They are retried by
/// the grace sweep; otherwise a peer whose connection died during a Redis failover would stay in
/// its room as if still connected.
/// </summary>
internal sealed class DeferredDepartures
{
    private readonly ConcurrentQueue<Departure> _pending = new();

    public int Count => _pending.Count;

    public void Add(RoomId room, PeerId peer, string connectionId, DateTimeOffset since) => _pending.Enqueue(new Departure(room, peer, connectionId, since));

    /// <summary>Records every pending departure it can; the ones that fail again stay queued.</summary>
    public async Task RetryAsync(IRoomRoster roster, CancellationToken cancellationToken)
    {
        for (var remaining = _pending.Count; remaining > 0 && _pending.TryDequeue(out var departure); remaining--)
        {
            try
            {
                await roster.MarkAwayAsync(departure.Room, departure.Peer, departure.ConnectionId, departure.Since, cancellationToken);
            }
            catch (StoreUnavailableException)
            {
                _pending.Enqueue(departure);
                return;
            }
        }
    }

    private sealed record Departure(RoomId Room, PeerId Peer, string ConnectionId, DateTimeOffset Since);
}
