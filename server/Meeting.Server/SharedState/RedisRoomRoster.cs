using System.Globalization;
using Meeting.Redis;
using Meeting.Redis.Commands;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>The roster in Redis, shared by every server of every site; each change is one script (see <see cref="RosterScripts"/>).</summary>
internal sealed class RedisRoomRoster : IRoomRoster
{
    private const int SweepLimit = 500;

    // A place held by another server is retried with that server's set; it can move again meanwhile, but not forever.
    private const int ElsewhereAttempts = 3;

    private readonly SharedStateClients _redis;
    private readonly RedisKeys _keys;
    private readonly RosterScripts _scripts;
    private readonly TimeProvider _time;
    private readonly SharedStateOptions _options;
    private readonly string _serverId;

    // Heartbeat lapses reported so far; read and written from different background services.
    private long _lapses;

    public RedisRoomRoster(SharedStateClients redis, RedisKeys keys, RosterScripts scripts, TimeProvider time, IOptions<SharedStateOptions> options, ServiceInfo service)
    {
        _redis = redis;
        _keys = keys;
        _scripts = scripts;
        _time = time;
        _options = options.Value;
        _serverId = service.ServerId;
    }

    private long TtlMs => (long)_options.RoomTtl.TotalMilliseconds;

    public async ValueTask<RosterJoin> JoinAsync(RoomId room, RoomMember member, int maxPeers, CancellationToken cancellationToken = default)
    {
        var place = new RosterPlace(room, member.PeerId, member.ConnectionId).ToString();
        var encoded = RosterMemberCodec.Encode(member, _serverId);
        var reply = await ElsewhereAsync("join the room", _serverId, holder => _scripts.Join.EvaluateAsync(
            _redis.Data,
            [_keys.Room(room), _keys.Counts, _keys.Away, _keys.ServerMembers(_serverId), _keys.ServerMembers(holder)],
            [member.PeerId.Value, encoded, maxPeers, TtlMs, place, RosterPlace.Prefix(room, member.PeerId), holder],
            cancellationToken));
        var kind = reply[0].AsInt64();
        if (kind == 0)
        {
            return new RosterJoin(RosterJoinKind.RoomFull, null, []);
        }

        var previous = reply[1].IsNull ? null : RosterMemberCodec.Decode(member.PeerId.Value, reply[1].AsString()!);
        var others = new List<RoomMember>();
        var all = reply[2];
        for (var i = 0; i + 1 < all.Count; i += 2)
        {
            var peer = all[i].AsString()!;
            if (peer != member.PeerId.Value)
            {
                others.Add(RosterMemberCodec.Decode(peer, all[i + 1].AsString()!));
            }
        }

        return new RosterJoin(kind == 2 ? RosterJoinKind.Rejoined : RosterJoinKind.Joined, previous, others);
    }

    public async ValueTask<RoomMember?> FindAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        var reply = await RedisGuard.RunAsync("read the room", () => _redis.Data.ExecuteAsync(new RedisCommand("HGET", _keys.Room(room), peer.Value), cancellationToken));
        return reply.IsNull ? null : RosterMemberCodec.Decode(peer.Value, reply.AsString()!);
    }

    public async ValueTask<bool> MarkAwayAsync(RoomId room, PeerId peer, string connectionId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var reply = await RedisGuard.RunAsync("mark the peer away", () => _scripts.MarkAway.EvaluateAsync(
            _redis.Data,
            [_keys.Room(room), _keys.Away],
            [peer.Value, connectionId, since.ToUnixTimeMilliseconds(), new RosterPlace(room, peer, connectionId).ToString()],
            cancellationToken));
        return reply.AsInt64() == 1;
    }

    public async ValueTask<bool> RemoveAsync(RoomId room, PeerId peer, string connectionId, CancellationToken cancellationToken = default)
    {
        var place = new RosterPlace(room, peer, connectionId).ToString();
        var reply = await ElsewhereAsync("remove the peer", _serverId, holder => _scripts.Remove.EvaluateAsync(
            _redis.Data,
            [_keys.Room(room), _keys.Counts, _keys.Away, _keys.ServerMembers(holder)],
            [peer.Value, connectionId, place, holder],
            cancellationToken));
        return reply[0].AsInt64() == 1;
    }

    /// <summary>
    /// First the places of servers that stopped their heartbeat go away (their connections died with them
    /// and will never report it); then the places away since before the cut-off are removed. The scripts
    /// for the places are issued together and pipelined.
    /// </summary>
    public async ValueTask<IReadOnlyList<(RoomId Room, RoomMember Member)>> RemoveAwayAsync(DateTimeOffset awayBefore, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var deadBefore = (_time.GetUtcNow() - _options.ServerDeadAfter).ToUnixTimeMilliseconds();
        var servers = await RedisGuard.RunAsync("read the heartbeats", () => _redis.Data.HashGetAllAsync(_keys.Servers, cancellationToken));
        foreach (var (server, beat) in servers)
        {
            // This server is alive whatever its last beat says (it may have been cut off from Redis).
            if (server != _serverId && long.TryParse(beat, CultureInfo.InvariantCulture, out var at) && at < deadBefore)
            {
                await AbandonAsync(server, now, deadBefore, cancellationToken);
            }
        }

        var away = await RedisGuard.RunAsync("read the places away", () => _redis.Data.ExecuteAsync(
            new RedisCommand("ZRANGEBYSCORE", _keys.Away, "-inf", "(" + awayBefore.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), "LIMIT", 0, SweepLimit),
            cancellationToken));
        var expiring = new List<(RosterPlace Place, Task<RedisReply> Reply)>(away.Count);
        foreach (var entry in away.AsSpan())
        {
            if (RosterPlace.TryParse(entry.AsString(), out var place))
            {
                expiring.Add((place, ExpireAsync(place, awayBefore, cancellationToken)));
            }
        }

        var removed = new List<(RoomId, RoomMember)>();
        foreach (var (place, reply) in expiring)
        {
            var result = await reply;
            if (result[0].AsInt64() == 1)
            {
                removed.Add((place.Room, RosterMemberCodec.Decode(place.Peer.Value, result[1].AsString()!)));
            }
        }

        return removed;
    }

    public async ValueTask<RosterCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        // Two fields the roster's scripts keep up to date: the cost does not grow with the rooms.
        var reply = await RedisGuard.RunAsync("count rooms", () => _redis.Data.ExecuteAsync(new RedisCommand("HMGET", _keys.Counts, "rooms", "peers"), cancellationToken));
        return new RosterCounts(Field(reply[0]), Field(reply[1]));
    }

    public long Interruptions => _redis.Data.GetStatus().Reconnects + Interlocked.Read(ref _lapses);

    /// <summary>Says the store may have taken this server for dead (see <see cref="ServerHeartbeat"/>): counted in
    /// <see cref="Interruptions"/>, so the next grace sweep puts the live places back.</summary>
    public void ReportLapse() => Interlocked.Increment(ref _lapses);

    /// <summary>Beats first, so that no server takes this one for dead while it restores; then restores every
    /// live place at once, pipelined.</summary>
    public async ValueTask ReconcileAsync(IReadOnlyList<(RoomId Room, RoomMember Member)> live, CancellationToken cancellationToken = default)
    {
        await BeatAsync(cancellationToken);
        var restores = new Task<RedisReply>[live.Count];
        for (var i = 0; i < live.Count; i++)
        {
            var (room, member) = live[i];
            var place = new RosterPlace(room, member.PeerId, member.ConnectionId).ToString();
            var encoded = RosterMemberCodec.Encode(member with { AwaySince = null }, _serverId);
            restores[i] = RedisGuard.RunAsync("put back a live place", () => _scripts.Restore.EvaluateAsync(
                _redis.Data,
                [_keys.Room(room), _keys.Counts, _keys.Away, _keys.ServerMembers(_serverId), _keys.RoomDenied(room)],
                [member.PeerId.Value, encoded, member.ConnectionId, place, TtlMs],
                cancellationToken));
        }

        await Task.WhenAll(restores);
    }

    public async ValueTask<bool> RoomExistsAsync(RoomId room, CancellationToken cancellationToken = default)
    {
        var reply = await RedisGuard.RunAsync("read the room", () => _redis.Data.ExecuteAsync(new RedisCommand("EXISTS", _keys.Room(room)), cancellationToken));
        return reply.AsInt64() == 1;
    }

    /// <summary>Tells the other servers this one is alive, so they never sweep its peers. Returns how old the
    /// beat it replaced was, or null when the store had none (it lost its data, or another server forgot this
    /// one): the caller judges from it whether its peers' graces may have been started meanwhile.</summary>
    public async Task<TimeSpan?> BeatAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var previous = await RedisGuard.RunAsync("record the heartbeat", () => _scripts.Beat.EvaluateAsync(
            _redis.Data,
            [_keys.Servers],
            [_serverId, now.ToString(CultureInfo.InvariantCulture)],
            cancellationToken));
        return !previous.IsNull && long.TryParse(previous.AsString(), CultureInfo.InvariantCulture, out var at)
            ? TimeSpan.FromMilliseconds(now - at)
            : null;
    }

    private static int Field(RedisReply value) => value.IsNull ? 0 : checked((int)value.AsInt64());

    private async Task AbandonAsync(string server, long now, long deadBefore, CancellationToken cancellationToken)
    {
        var members = _keys.ServerMembers(server);
        var places = await RedisGuard.RunAsync("read a dead server's places", () => _redis.Data.SetMembersAsync(members, cancellationToken));
        var marks = new List<Task<RedisReply>>(places.Length);
        foreach (var text in places)
        {
            if (RosterPlace.TryParse(text, out var place))
            {
                marks.Add(RedisGuard.RunAsync("start a dead server's graces", () => _scripts.Abandon.EvaluateAsync(
                    _redis.Data,
                    [_keys.Room(place.Room), _keys.Away, _keys.Servers],
                    [place.Peer.Value, place.ConnectionId, now, text, server, deadBefore],
                    cancellationToken)));
            }
        }

        await Task.WhenAll(marks);
        await RedisGuard.RunAsync("forget a dead server", () => _scripts.Forget.EvaluateAsync(_redis.Data, [_keys.Servers, members], [server, deadBefore], cancellationToken));
    }

    private Task<RedisReply> ExpireAsync(RosterPlace place, DateTimeOffset awayBefore, CancellationToken cancellationToken)
    {
        var text = place.ToString();
        return ElsewhereAsync("end an expired grace", _serverId, holder => _scripts.Expire.EvaluateAsync(
            _redis.Data,
            [_keys.Room(place.Room), _keys.Counts, _keys.Away, _keys.ServerMembers(holder)],
            [place.Peer.Value, place.ConnectionId, text, awayBefore.ToUnixTimeMilliseconds(), holder],
            cancellationToken));
    }

    /// <summary>Runs a script that needs the members set of the server holding a place, starting from
    /// <paramref name="expected"/> and following the script's <c>{-1, server}</c> answers.</summary>
    private async Task<RedisReply> ElsewhereAsync(string what, string expected, Func<string, Task<RedisReply>> script)
    {
        var holder = expected;
        for (var attempt = 1; ; attempt++)
        {
            var reply = await RedisGuard.RunAsync(what, () => script(holder));
            if (reply[0].AsInt64() != -1)
            {
                return reply;
            }

            if (attempt == ElsewhereAttempts)
            {
                throw new StoreUnavailableException($"The shared store could not {what}", new InvalidOperationException("the place kept moving between servers"));
            }

            holder = reply[1].AsString()!;
        }
    }
}
