using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>
/// Who is in which room: memory on a single node, Redis when sites share rooms. Every change is
/// conditional on what the caller last saw (a connection id), so a late event from an old
/// connection never undoes a newer one.
/// </summary>
public interface IRoomRoster
{
    /// <summary>Adds the peer to the room, or moves its place to <paramref name="member"/>'s connection
    /// if it is already there. A room is created by its first join and vanishes with its last member.</summary>
    ValueTask<RosterJoin> JoinAsync(RoomId room, RoomMember member, int maxPeers, CancellationToken cancellationToken = default);

    ValueTask<RoomMember?> FindAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default);

    /// <summary>Starts the peer's reconnect grace, if it is still on <paramref name="connectionId"/>.</summary>
    ValueTask<bool> MarkAwayAsync(RoomId room, PeerId peer, string connectionId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Removes the peer, if it is still on <paramref name="connectionId"/>.</summary>
    ValueTask<bool> RemoveAsync(RoomId room, PeerId peer, string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Removes every peer that has been away since before <paramref name="awayBefore"/> and returns them.</summary>
    ValueTask<IReadOnlyList<(RoomId Room, RoomMember Member)>> RemoveAwayAsync(DateTimeOffset awayBefore, CancellationToken cancellationToken = default);

    ValueTask<RosterCounts> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>How many times so far the store may have lost or given up this server's live places: it was cut
    /// off from this server, or took it for dead. The in-memory roster never is.</summary>
    long Interruptions { get; }

    /// <summary>Puts back the places of <paramref name="live"/> (connections open on this server) that the store
    /// lost, or put into their grace while this server could not reach it; a place another connection took
    /// meanwhile is left alone. Run after an outage, before any grace can end.</summary>
    ValueTask ReconcileAsync(IReadOnlyList<(RoomId Room, RoomMember Member)> live, CancellationToken cancellationToken = default);

    /// <summary>Whether the room has any member, connected or inside its grace.</summary>
    ValueTask<bool> RoomExistsAsync(RoomId room, CancellationToken cancellationToken = default);
}

public readonly record struct RosterCounts(int Rooms, int Peers);
