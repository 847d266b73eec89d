using System.Collections.Concurrent;
using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>The single-node roster. Each room is guarded by its own lock, so rooms never contend.</summary>
internal sealed class InMemoryRoomRoster : IRoomRoster
{
    private readonly ConcurrentDictionary<RoomId, Dictionary<PeerId, RoomMember>> _rooms = new();

    public ValueTask<RosterJoin> JoinAsync(RoomId room, RoomMember member, int maxPeers, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var members = _rooms.GetOrAdd(room, static _ => []);
            lock (members)
            {
                // A room whose last member left is removed from the map under its lock; start over on a fresh one.
                if (!_rooms.TryGetValue(room, out var current) || !ReferenceEquals(current, members))
                {
                    continue;
                }

                members.TryGetValue(member.PeerId, out var previous);
                if (previous is null && members.Count >= maxPeers)
                {
                    RemoveIfEmpty(room, members);
                    return ValueTask.FromResult(new RosterJoin(RosterJoinKind.RoomFull, null, []));
                }

                members[member.PeerId] = member;
                var others = members.Values.Where(m => m.PeerId != member.PeerId).ToArray();
                var kind = previous is null ? RosterJoinKind.Joined : RosterJoinKind.Rejoined;
                return ValueTask.FromResult(new RosterJoin(kind, previous, others));
            }
        }
    }

    public ValueTask<RoomMember?> FindAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        if (!_rooms.TryGetValue(room, out var members))
        {
            return ValueTask.FromResult<RoomMember?>(null);
        }

        lock (members)
        {
            return ValueTask.FromResult(members.GetValueOrDefault(peer));
        }
    }

    public ValueTask<bool> MarkAwayAsync(RoomId room, PeerId peer, string connectionId, DateTimeOffset since, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Update(room, peer, connectionId, (members, current) => members[peer] = current with { AwaySince = since }));

    public ValueTask<bool> RemoveAsync(RoomId room, PeerId peer, string connectionId, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Update(room, peer, connectionId, (members, _) => members.Remove(peer)));

    public ValueTask<IReadOnlyList<(RoomId Room, RoomMember Member)>> RemoveAwayAsync(DateTimeOffset awayBefore, CancellationToken cancellationToken = default)
    {
        var removed = new List<(RoomId, RoomMember)>();
        foreach (var (room, members) in _rooms)
        {
            lock (members)
            {
                foreach (var member in members.Values.Where(m => m.AwaySince < awayBefore).ToArray())
                {
                    members.Remove(member.PeerId);
                    removed.Add((room, member));
                }

                RemoveIfEmpty(room, members);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<(RoomId, RoomMember)>>(removed);
    }

    public ValueTask<RosterCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        var rooms = 0;
        var peers = 0;
        foreach (var members in _rooms.Values)
        {
            lock (members)
            {
                if (members.Count > 0)
                {
                    rooms++;
                    peers += members.Count;
                }
            }
        }

        return ValueTask.FromResult(new RosterCounts(rooms, peers));
    }

    public long Interruptions => 0;

    // The memory is never cut off from this server, so it never loses a live place.
    public ValueTask ReconcileAsync(IReadOnlyList<(RoomId Room, RoomMember Member)> live, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<bool> RoomExistsAsync(RoomId room, CancellationToken cancellationToken = default)
    {
        if (!_rooms.TryGetValue(room, out var members))
        {
            return ValueTask.FromResult(false);
        }

        lock (members)
        {
            return ValueTask.FromResult(members.Count > 0);
        }
    }

    private bool Update(RoomId room, PeerId peer, string connectionId, Action<Dictionary<PeerId, RoomMember>, RoomMember> change)
    {
        if (!_rooms.TryGetValue(room, out var members))
        {
            return false;
        }

        lock (members)
        {
            if (!members.TryGetValue(peer, out var current) || current.ConnectionId != connectionId)
            {
                return false;
            }

            change(members, current);
            RemoveIfEmpty(room, members);
            return true;
        }
    }

    private void RemoveIfEmpty(RoomId room, Dictionary<PeerId, RoomMember> members)
    {
        if (members.Count == 0)
        {
            _rooms.TryRemove(new KeyValuePair<RoomId, Dictionary<PeerId, RoomMember>>(room, members));
        }
    }
}
