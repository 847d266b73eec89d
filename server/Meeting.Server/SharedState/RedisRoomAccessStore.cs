using Meeting.Redis;
using Meeting.Redis.Commands;
using Meeting.Server.Domain;
using Meeting.Server.Rooms;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>Room access in Redis, beside the room's roster and under its hash tag, so a host at one site
/// admits, refuses and removes peers whose connections are at the other (see <see cref="RoomAccessScripts"/>).
/// A lobby entry is <c>connectionId\ndisplayName</c>.</summary>
internal sealed class RedisRoomAccessStore : IRoomAccessStore
{
    private readonly SharedStateClients _redis;
    private readonly RedisKeys _keys;
    private readonly RoomAccessScripts _scripts;
    private readonly SharedStateOptions _options;

    public RedisRoomAccessStore(SharedStateClients redis, RedisKeys keys, RoomAccessScripts scripts, IOptions<SharedStateOptions> options)
    {
        _redis = redis;
        _keys = keys;
        _scripts = scripts;
        _options = options.Value;
    }

    public async ValueTask<RoomAccessView> ReadAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        var reply = await RunAsync("read the room's access", _scripts.Read, room, [peer.Value], cancellationToken);
        var host = reply[0].IsNull ? (PeerId?)null : new PeerId(reply[0].AsString()!);
        RoomDenial? denial = reply[2].AsString() switch
        {
            "removed" => RoomDenial.Removed,
            "refused" => RoomDenial.Refused,
            _ => null,
        };
        return new RoomAccessView(host, reply[1].AsInt64() == 1, denial, reply[3].AsInt64() == 1);
    }

    public async ValueTask OpenAsync(RoomId room, PeerId host, bool locked, DateTimeOffset at, CancellationToken cancellationToken = default)
        => await RunAsync("open the room's access", _scripts.Open, room, [host.Value, locked ? "1" : "0", at.ToUnixTimeMilliseconds()], cancellationToken);

    public async ValueTask<PeerId> ArriveAsync(RoomId room, PeerId peer, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var reply = await RunAsync("record the arrival", _scripts.Arrive, room, [peer.Value, at.ToUnixTimeMilliseconds()], cancellationToken);
        return new PeerId(reply.AsString()!);
    }

    public async ValueTask<PeerId?> DepartAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        var reply = await RunAsync("record the departure", _scripts.Depart, room, [peer.Value], cancellationToken);
        return reply[0].AsInt64() == 1 && !reply[1].IsNull ? new PeerId(reply[1].AsString()!) : null;
    }

    public async ValueTask<IReadOnlyList<LobbyEntry>> SetLockedAsync(RoomId room, bool locked, CancellationToken cancellationToken = default)
        => Entries(await RunAsync("lock the room", _scripts.SetLocked, room, [locked ? "1" : "0"], cancellationToken));

    public async ValueTask<LobbyKnockResult> KnockAsync(RoomId room, LobbyEntry entry, int maxWaiting, CancellationToken cancellationToken = default)
    {
        var reply = await RunAsync("put the peer in the lobby", _scripts.Knock, room, [entry.PeerId.Value, entry.ConnectionId + "\n" + entry.DisplayName, maxWaiting], cancellationToken);
        return reply.AsInt64() switch
        {
            1 => LobbyKnockResult.Waiting,
            2 => LobbyKnockResult.AlreadyWaiting,
            _ => LobbyKnockResult.Full,
        };
    }

    public async ValueTask<LobbyEntry?> AdmitAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
        => Entry(peer, await RunAsync("admit the peer", _scripts.Admit, room, [peer.Value], cancellationToken));

    public async ValueTask<LobbyEntry?> RefuseAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
        => Entry(peer, await RunAsync("refuse the peer", _scripts.Refuse, room, [peer.Value], cancellationToken));

    public async ValueTask RemoveAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
        => await RunAsync("remove the peer", _scripts.Remove, room, [peer.Value], cancellationToken);

    public async ValueTask<bool> IsRemovedAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        var reply = await RedisGuard.RunAsync("read the room's denials", () => _redis.Data.ExecuteAsync(new RedisCommand("HGET", _keys.RoomDenied(room), peer.Value), cancellationToken));
        return reply.AsString() == "removed";
    }

    public async ValueTask<IReadOnlyList<LobbyEntry>> LobbyAsync(RoomId room, CancellationToken cancellationToken = default)
        => Entries(await RedisGuard.RunAsync("read the lobby", () => _redis.Data.ExecuteAsync(new RedisCommand("HGETALL", _keys.RoomLobby(room)), cancellationToken)));

    private static LobbyEntry? Entry(PeerId peer, RedisReply reply) => reply.IsNull ? null : Decode(peer.Value, reply.AsString()!);

    private static LobbyEntry[] Entries(RedisReply pairs)
    {
        var entries = new LobbyEntry[pairs.Count / 2];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = Decode(pairs[2 * i].AsString()!, pairs[(2 * i) + 1].AsString()!);
        }

        return entries;
    }

    private static LobbyEntry Decode(string peer, string entry)
    {
        var newline = entry.IndexOf('\n', StringComparison.Ordinal);
        return new LobbyEntry(new PeerId(peer), entry[(newline + 1)..], entry[..newline]);
    }

    private Task<RedisReply> RunAsync(string what, RedisScript script, RoomId room, RedisArgument[] arguments, CancellationToken cancellationToken)
    {
        RedisArgument[] keys = [_keys.RoomAccess(room), _keys.RoomArrivals(room), _keys.RoomLobby(room), _keys.RoomAdmitted(room), _keys.RoomDenied(room), _keys.Room(room)];
        RedisArgument[] argv = [(long)_options.RoomTtl.TotalMilliseconds, .. arguments];
        return RedisGuard.RunAsync(what, () => script.EvaluateAsync(_redis.Data, keys, argv, cancellationToken));
    }
}
