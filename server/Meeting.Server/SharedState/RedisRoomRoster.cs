using System.Globalization;
using Meeting.Redis;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>The roster in Redis, shared by every server of every site; each change is one script (see <see cref="RosterScripts"/>).</summary>
internal sealed class RedisRoomRoster : IRoomRoster
{
    private const int SweepLimit = 500;

    private readonly SharedStateClients _redis;
    private readonly RedisKeys _keys;
    private readonly RosterScripts _scripts;
    private readonly TimeProvider _time;
    private readonly SharedStateOptions _options;
    private readonly string _serverId;

    public RedisRoomRoster(SharedStateClients redis, RedisKeys keys, RosterScripts scripts, TimeProvider time, IOptions<SharedStateOptions> options, ServiceInfo service)
    {
        _redis = redis;
        _keys = keys;
        _scripts = scripts;
        _time = time;
        _options = options.Value;
        _serverId = service.ServerId;
    }

    public async ValueTask<RosterJoin> JoinAsync(RoomId room, RoomMember member, int maxPeers, CancellationToken cancellationToken = default)
    {
        var reply = await RedisGuard.RunAsync("join the room", () => _scripts.Join.EvaluateAsync(
            _redis.Data,
            [_keys.Room(room), _keys.Counts, _keys.Away, _keys.ServerMembers(_serverId)],
            [room.Value, member.PeerId.Value, RosterMemberCodec.Encode(member, _serverId), maxPeers, (long)_options.RoomTtl.TotalMilliseconds, member.ConnectionId, _keys.Prefix],
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
            [room.Value, peer.Value, connectionId, since.ToUnixTimeMilliseconds()],
            cancellationToken));
        return reply.AsInt64() == 1;
    }

    public async ValueTask<bool> RemoveAsync(RoomId room, PeerId peer, string connectionId, CancellationToken cancellationToken = default)
    {
        var reply = await RedisGuard.RunAsync("remove the peer", () => _scripts.Remove.EvaluateAsync(
            _redis.Data,
            [_keys.Room(room), _keys.Counts, _keys.Away],
            [room.Value, peer.Value, connectionId, _keys.Prefix],
            cancellationToken));
        return reply.AsInt64() == 1;
    }

    public async ValueTask<IReadOnlyList<(RoomId Room, RoomMember Member)>> RemoveAwayAsync(DateTimeOffset awayBefore, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var reply = await RedisGuard.RunAsync("sweep expired places", () => _scripts.Sweep.EvaluateAsync(
            _redis.Data,
            [_keys.Away, _keys.Counts, _keys.Servers],
            [awayBefore.ToUnixTimeMilliseconds(), _keys.Prefix, (now - _options.ServerDeadAfter).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), SweepLimit],
            cancellationToken));
        var removed = new List<(RoomId, RoomMember)>(reply.Count / 3);
        for (var i = 0; i + 2 < reply.Count; i += 3)
        {
            if (RoomId.TryParse(reply[i].AsString(), out var room))
            {
                removed.Add((room, RosterMemberCodec.Decode(reply[i + 1].AsString()!, reply[i + 2].AsString()!)));
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

    public async ValueTask<bool> RoomExistsAsync(RoomId room, CancellationToken cancellationToken = default)
    {
        var reply = await RedisGuard.RunAsync("read the room", () => _redis.Data.ExecuteAsync(new RedisCommand("EXISTS", _keys.Room(room)), cancellationToken));
        return reply.AsInt64() == 1;
    }

    private static int Field(RedisReply value) => value.IsNull ? 0 : checked((int)value.AsInt64());

    /// <summary>Tells the other servers this one is alive, so they never sweep its peers.</summary>
    public Task BeatAsync(CancellationToken cancellationToken = default)
        => RedisGuard.RunAsync("record the heartbeat", () => _redis.Data.ExecuteAsync(
            new RedisCommand("HSET", _keys.Servers, _serverId, _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            cancellationToken));
}
