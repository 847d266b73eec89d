using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>
/// Who hosts a room and who may enter it: the host, the lock, the lobby, the peers admitted from it and the
/// sessions refused or removed. Memory on a single node, Redis (beside the room's roster) when sites share
/// rooms. A room's access lives as long as the room: it is opened by the join that creates the room and
/// forgotten when its last peer's place ends.
/// </summary>
public interface IRoomAccessStore
{
    ValueTask<RoomAccessView> ReadAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default);

    /// <summary>Starts a room's access afresh, <paramref name="host"/> hosting it: the join that created the room.</summary>
    ValueTask OpenAsync(RoomId room, PeerId host, bool locked, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a peer's arrival (for the host's succession) and returns the room's host; a room that
    /// lost its host (its state was lost) gets the arriving peer as host.</summary>
    ValueTask<PeerId> ArriveAsync(RoomId room, PeerId peer, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records that a peer's place ended. When it was the host, the peer present longest becomes host
    /// and is returned; when the room is gone, its access is forgotten. Null when the host did not change.</summary>
    ValueTask<PeerId?> DepartAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default);

    /// <summary>Locks or unlocks the room; unlocking admits everyone waiting, who are returned.</summary>
    ValueTask<IReadOnlyList<LobbyEntry>> SetLockedAsync(RoomId room, bool locked, CancellationToken cancellationToken = default);

    /// <summary>Puts a peer in the lobby, or updates its connection if it already waits.</summary>
    ValueTask<LobbyKnockResult> KnockAsync(RoomId room, LobbyEntry entry, int maxWaiting, CancellationToken cancellationToken = default);

    /// <summary>Takes a peer out of the lobby and lets it in; null when it was not waiting.</summary>
    ValueTask<LobbyEntry?> AdmitAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default);

    /// <summary>Takes a peer out of the lobby and refuses its session for good; null when it was not waiting.</summary>
    ValueTask<LobbyEntry?> RefuseAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default);

    /// <summary>Keeps a removed peer's session out of the room for as long as the room lives.</summary>
    ValueTask RemoveAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default);

    /// <summary>Whether the host removed this peer; asked by every call that acts in the room, because the
    /// removed peer's connection may be on another server that did not see the removal.</summary>
    ValueTask<bool> IsRemovedAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<LobbyEntry>> LobbyAsync(RoomId room, CancellationToken cancellationToken = default);
}
