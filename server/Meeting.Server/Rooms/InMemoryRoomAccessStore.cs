using System.Collections.Concurrent;
using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>The single-node room access; each room's entry is guarded by its own lock.</summary>
internal sealed class InMemoryRoomAccessStore : IRoomAccessStore
{
    private readonly ConcurrentDictionary<RoomId, Access> _rooms = new();
    private readonly IRoomRoster _roster;

    public InMemoryRoomAccessStore(IRoomRoster roster) => _roster = roster;

    public ValueTask<RoomAccessView> ReadAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        if (!_rooms.TryGetValue(room, out var access))
        {
            return ValueTask.FromResult(new RoomAccessView(null, false, null, false));
        }

        lock (access)
        {
            RoomDenial? denial = access.Denied.TryGetValue(peer, out var why) ? why : null;
            return ValueTask.FromResult(new RoomAccessView(access.Host, access.Locked, denial, access.Admitted.Contains(peer)));
        }
    }

    public ValueTask OpenAsync(RoomId room, PeerId host, bool locked, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var fresh = new Access { Host = host, Locked = locked };
        fresh.Arrivals.Add(host);
        _rooms[room] = fresh;
        return ValueTask.CompletedTask;
    }

    public ValueTask<PeerId> ArriveAsync(RoomId room, PeerId peer, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var access = _rooms.GetOrAdd(room, static _ => new Access());
        lock (access)
        {
            if (!access.Arrivals.Contains(peer))
            {
                access.Arrivals.Add(peer);
            }

            access.Host ??= peer;
            return ValueTask.FromResult(access.Host.Value);
        }
    }

    public async ValueTask<PeerId?> DepartAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        if (!_rooms.TryGetValue(room, out var access))
        {
            return null;
        }

        // Asked before taking the lock: a join that creates the room anew opens it after its roster join,
        // so if the room is gone here, any newer access replaces this one after we forget it.
        var roomExists = await _roster.RoomExistsAsync(room, cancellationToken);
        lock (access)
        {
            access.Arrivals.Remove(peer);
            if (!roomExists)
            {
                _rooms.TryRemove(new KeyValuePair<RoomId, Access>(room, access));
                return null;
            }

            if (access.Host != peer)
            {
                return null;
            }

            access.Host = access.Arrivals.Count > 0 ? access.Arrivals[0] : null;
            if (access.Host is null)
            {
                // Nobody can admit anyone into a hostless room: it opens until someone arrives to host it.
                access.Locked = false;
            }

            return access.Host;
        }
    }

    public ValueTask<IReadOnlyList<LobbyEntry>> SetLockedAsync(RoomId room, bool locked, CancellationToken cancellationToken = default)
    {
        var access = _rooms.GetOrAdd(room, static _ => new Access());
        lock (access)
        {
            access.Locked = locked;
            if (locked)
            {
                return ValueTask.FromResult<IReadOnlyList<LobbyEntry>>([]);
            }

            var released = access.Lobby.Values.ToArray();
            foreach (var entry in released)
            {
                access.Admitted.Add(entry.PeerId);
            }

            access.Lobby.Clear();
            return ValueTask.FromResult<IReadOnlyList<LobbyEntry>>(released);
        }
    }

    public ValueTask<LobbyKnockResult> KnockAsync(RoomId room, LobbyEntry entry, int maxWaiting, CancellationToken cancellationToken = default)
    {
        var access = _rooms.GetOrAdd(room, static _ => new Access());
        lock (access)
        {
            var waiting = access.Lobby.ContainsKey(entry.PeerId);
            if (!waiting && access.Lobby.Count >= maxWaiting)
            {
                return ValueTask.FromResult(LobbyKnockResult.Full);
            }

            access.Lobby[entry.PeerId] = entry;
            return ValueTask.FromResult(waiting ? LobbyKnockResult.AlreadyWaiting : LobbyKnockResult.Waiting);
        }
    }

    public ValueTask<LobbyEntry?> AdmitAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
        => TakeFromLobby(room, peer, (access, entry) => access.Admitted.Add(entry.PeerId));

    public ValueTask<LobbyEntry?> RefuseAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
        => TakeFromLobby(room, peer, (access, entry) => access.Denied[entry.PeerId] = RoomDenial.Refused);

    public ValueTask RemoveAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        var access = _rooms.GetOrAdd(room, static _ => new Access());
        lock (access)
        {
            access.Denied[peer] = RoomDenial.Removed;
            access.Admitted.Remove(peer);
            access.Lobby.Remove(peer);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> IsRemovedAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        if (!_rooms.TryGetValue(room, out var access))
        {
            return ValueTask.FromResult(false);
        }

        lock (access)
        {
            return ValueTask.FromResult(access.Denied.TryGetValue(peer, out var why) && why == RoomDenial.Removed);
        }
    }

    public ValueTask<IReadOnlyList<LobbyEntry>> LobbyAsync(RoomId room, CancellationToken cancellationToken = default)
    {
        if (!_rooms.TryGetValue(room, out var access))
        {
            return ValueTask.FromResult<IReadOnlyList<LobbyEntry>>([]);
        }

        lock (access)
        {
            return ValueTask.FromResult<IReadOnlyList<LobbyEntry>>(access.Lobby.Values.ToArray());
        }
    }

    private ValueTask<LobbyEntry?> TakeFromLobby(RoomId room, PeerId peer, Action<Access, LobbyEntry> then)
    {
        if (!_rooms.TryGetValue(room, out var access))
        {
            return ValueTask.FromResult<LobbyEntry?>(null);
        }

        lock (access)
        {
            if (!access.Lobby.Remove(peer, out var entry))
            {
                return ValueTask.FromResult<LobbyEntry?>(null);
            }

            then(access, entry);
            return ValueTask.FromResult<LobbyEntry?>(entry);
        }
    }

    private sealed class Access
    {
        public PeerId? Host { get; set; }

        public bool Locked { get; set; }

        // In arrival order: the first is the next host.
        public List<PeerId> Arrivals { get; } = [];

        public Dictionary<PeerId, LobbyEntry> Lobby { get; } = [];

        public HashSet<PeerId> Admitted { get; } = [];

        public Dictionary<PeerId, RoomDenial> Denied { get; } = [];
    }
}
