using System.Collections.Concurrent;
using System.Globalization;
using Meeting.Redis.Commands;
using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>
/// Room homes in Redis: <see cref="RedisKeys.RoomHome"/> holds <c>serverId|site|epoch</c> under a lease
/// of <see cref="SharedStateOptions.HomeLease"/>, and <see cref="RedisKeys.RoomEpoch"/> counts the
/// homes the room has had. Claims, renewals and releases are scripts, so two servers can never both
/// hold a room: a server whose lease lapsed learns it from the renewal and stops acting as the home.
/// </summary>
internal sealed class RedisRoomHomes : IRoomHomes
{
    private static readonly RedisScript Claim = new("""
        local cur = redis.call('GET', KEYS[1])
        if cur then return {cur, 0} end
        local epoch = redis.call('INCR', KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        local home = ARGV[1] .. '|' .. ARGV[2] .. '|' .. epoch
        redis.call('SET', KEYS[1], home, 'PX', ARGV[3])
        return {home, 1}
        """);

    // KEYS: home, epoch. ARGV: the home seen (whose server is gone), server id, site, lease ms, epoch ttl ms.
    // Takes the room over only if its home is still the one seen, so two servers racing to replace a dead
    // home end with one of them, at one new epoch.
    private static readonly RedisScript TakeOver = new("""
        local cur = redis.call('GET', KEYS[1])
        if cur and cur ~= ARGV[1] then return {cur, 0} end
        local epoch = redis.call('INCR', KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        local home = ARGV[2] .. '|' .. ARGV[3] .. '|' .. epoch
        redis.call('SET', KEYS[1], home, 'PX', ARGV[4])
        return {home, 1}
        """);

    // KEYS: home, room, epoch. ARGV: expected home, lease ms, its epoch. 1 renewed, 0 fenced by another home,
    // -1 room empty (released). A lease that lapsed while this server could not renew it (it was paused, or
    // Redis was away) and that nobody claimed since — the epoch has not moved — is renewed as it was: no other
    // server acted as the home meanwhile, and dropping it would close the room's media with nobody to tell.
    private static readonly RedisScript Renew = new("""
        local cur = redis.call('GET', KEYS[1])
        if cur == false then
          if redis.call('GET', KEYS[3]) ~= ARGV[3] then return 0 end
        elseif cur ~= ARGV[1] then
          return 0
        end
        if redis.call('EXISTS', KEYS[2]) == 0 then
          redis.call('DEL', KEYS[1])
          return -1
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """);

    private static readonly RedisScript Release = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """);

    // Long enough for a burst of rejoins to share one CLIENT LIST, short enough that an answer taken just
    // before the home died does not keep the room there for the peers rejoining just after.
    private static readonly TimeSpan LivenessCacheFor = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<RoomId, RoomHome> _homedHere = new();
    private readonly ConcurrentDictionary<string, (bool Connected, DateTimeOffset At)> _liveness = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly SharedStateClients _redis;
    private readonly RedisKeys _keys;
    private readonly SharedStateOptions _options;
    private readonly string _serverId;
    private readonly string _site;

    public RedisRoomHomes(SharedStateClients redis, RedisKeys keys, IOptions<SharedStateOptions> options, ServiceInfo service, IOptions<SiteOptions> site, TimeProvider time)
    {
        _time = time;
        _redis = redis;
        _keys = keys;
        _options = options.Value;
        _serverId = service.ServerId;
        _site = site.Value.Name;
    }

    /// <summary>A third of the lease: a renewal can fail twice before the lease lapses.</summary>
    public TimeSpan RenewInterval => _options.HomeLease / SharedStateOptions.RenewalsPerLease;

    public int HomedHere => _homedHere.Count;

    public bool IsHomedHere(RoomId room) => _homedHere.ContainsKey(room);

    public async ValueTask<RoomHomeClaim> ClaimOrGetAsync(RoomId room, CancellationToken cancellationToken = default)
    {
        var reply = await RedisGuard.RunAsync("find the room's home", () => Claim.EvaluateAsync(
            _redis.Data,
            [_keys.RoomHome(room), _keys.RoomEpoch(room)],
            [_serverId, _site, (long)_options.HomeLease.TotalMilliseconds, (long)_options.RoomTtl.TotalMilliseconds],
            cancellationToken));
        var home = Parse(reply[0].AsString()!);
        var claimed = reply[1].AsInt64() == 1;
        if (home.ServerId != _serverId && !await IsConnectedAsync(home.ServerId, cancellationToken))
        {
            // Its server is gone (a killed process loses its Redis connections at once), so the lease
            // would only make the room wait for it: take the room over now, fenced by a new epoch.
            var observed = Format(home);
            var takeover = await RedisGuard.RunAsync("take over a room from a server that is gone", () => TakeOver.EvaluateAsync(
                _redis.Data,
                [_keys.RoomHome(room), _keys.RoomEpoch(room)],
                [observed, _serverId, _site, (long)_options.HomeLease.TotalMilliseconds, (long)_options.RoomTtl.TotalMilliseconds],
                cancellationToken));
            home = Parse(takeover[0].AsString()!);
            claimed = takeover[1].AsInt64() == 1;
        }

        if (home.ServerId == _serverId)
        {
            _homedHere[room] = home;
        }

        return new RoomHomeClaim(home, claimed);
    }

    /// <summary>Every lease in one pipelined batch. A renewal that fails is tried again next round (the lease
    /// outlives two rounds) and does not keep the others from being renewed; only when every one fails is
    /// the store taken as unavailable.</summary>
    public async ValueTask<IReadOnlyList<RoomId>> RenewAsync(CancellationToken cancellationToken = default)
    {
        var lease = (long)_options.HomeLease.TotalMilliseconds;
        var renewals = _homedHere.Select(pair => (pair.Key, Reply: RedisGuard.RunAsync("renew a room's lease", () => Renew.EvaluateAsync(
            _redis.Data,
            [_keys.RoomHome(pair.Key), _keys.Room(pair.Key), _keys.RoomEpoch(pair.Key)],
            [Format(pair.Value), lease, pair.Value.Epoch],
            cancellationToken)))).ToArray();
        var lost = new List<RoomId>();
        StoreUnavailableException? failure = null;
        var renewed = 0;
        foreach (var (room, reply) in renewals)
        {
            try
            {
                if ((await reply).AsInt64() != 1)
                {
                    _homedHere.TryRemove(room, out _);
                    lost.Add(room);
                }

                renewed++;
            }
            catch (StoreUnavailableException ex)
            {
                failure ??= ex;
            }
        }

        if (failure is not null && renewed == 0)
        {
            throw failure;
        }

        return lost;
    }

    public async ValueTask ReleaseAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (room, home) in _homedHere)
        {
            await RedisGuard.RunAsync("hand the room over", () => Release.EvaluateAsync(_redis.Data, [_keys.RoomHome(room)], [Format(home)], cancellationToken));
            _homedHere.TryRemove(room, out _);
        }
    }

    /// <summary>Whether <paramref name="serverId"/> holds a data connection to Redis now. Asked only about
    /// another server's room, and remembered for a second, so a burst of joins costs one CLIENT LIST.
    /// A server that is merely slow (or stopped) keeps its connection and keeps its rooms until its lease
    /// lapses; after a Redis failover a live server may briefly look gone, and the epoch then moves its
    /// rooms here, which its next renewal learns.</summary>
    private async ValueTask<bool> IsConnectedAsync(string serverId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_liveness.TryGetValue(serverId, out var known) && now - known.At < LivenessCacheFor)
        {
            return known.Connected;
        }

        var names = await RedisGuard.RunAsync("list the servers connected to Redis", () => _redis.Data.ClientNamesAsync(cancellationToken));
        var connected = names.Contains(serverId);
        _liveness[serverId] = (connected, now);
        return connected;
    }

    private static string Format(RoomHome home) => string.Join('|', home.ServerId, home.Site, home.Epoch.ToString(CultureInfo.InvariantCulture));

    private static RoomHome Parse(string value)
    {
        var parts = value.Split('|');
        return new RoomHome(parts[0], parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
