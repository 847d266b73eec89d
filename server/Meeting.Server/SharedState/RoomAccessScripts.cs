using Meeting.Redis.Commands;

namespace Meeting.Server.SharedState;

/// <summary>
/// Room access changes as Lua scripts, each one atomic step however many servers race. Every script gets
/// the same KEYS, all of one room (one hash tag): 1 access, 2 arrivals, 3 lobby, 4 admitted, 5 denied,
/// 6 the room's roster (see <see cref="RedisKeys"/>); ARGV[1] is the room's TTL in ms, which every write renews.
/// </summary>
internal sealed class RoomAccessScripts
{
    // Shared by the writers: renews the TTL of every access key that exists.
    private const string Renew = """
        local function renew()
          for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
        end
        """;

    /// <summary>ARGV: ttl, peer. Returns {host or nil, locked 0/1, denial or nil, admitted 0/1}.</summary>
    public RedisScript Read { get; } = new("""
        local a = redis.call('HMGET', KEYS[1], 'host', 'locked')
        return {a[1], a[2] == '1' and 1 or 0, redis.call('HGET', KEYS[5], ARGV[2]), redis.call('SISMEMBER', KEYS[4], ARGV[2])}
        """);

    /// <summary>ARGV: ttl, host, locked 0/1, nowMs. Starts the room's access afresh. Returns 1.</summary>
    public RedisScript Open { get; } = new(Renew + "\n" + """
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
        redis.call('HSET', KEYS[1], 'host', ARGV[2], 'locked', ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
        renew()
        return 1
        """);

    /// <summary>ARGV: ttl, peer, nowMs. Records the arrival (the first one only) and returns the host, which
    /// is the arriving peer when the room had none.</summary>
    public RedisScript Arrive { get; } = new(Renew + "\n" + """
        redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[2])
        redis.call('HSETNX', KEYS[1], 'host', ARGV[2])
        renew()
        return redis.call('HGET', KEYS[1], 'host')
        """);

    /// <summary>ARGV: ttl, peer. Returns {0} when the host did not change, {1, new host} when it passed, {1, nil}
    /// when nobody is left to host (the room unlocks), {2} when the room is gone and its access was deleted.</summary>
    public RedisScript Depart { get; } = new(Renew + "\n" + """
        redis.call('ZREM', KEYS[2], ARGV[2])
        if redis.call('EXISTS', KEYS[6]) == 0 then
          redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
          return {2}
        end
        if redis.call('HGET', KEYS[1], 'host') ~= ARGV[2] then return {0} end
        local heir = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
        if heir then
          redis.call('HSET', KEYS[1], 'host', heir)
        else
          redis.call('HDEL', KEYS[1], 'host')
          redis.call('HSET', KEYS[1], 'locked', '0')
        end
        renew()
        return {1, heir or false}
        """);

    /// <summary>ARGV: ttl, locked 0/1. Unlocking admits the lobby. Returns the HGETALL of the lobby it admitted.</summary>
    public RedisScript SetLocked { get; } = new(Renew + "\n" + """
        redis.call('HSET', KEYS[1], 'locked', ARGV[2])
        local released = {}
        if ARGV[2] == '0' then
          released = redis.call('HGETALL', KEYS[3])
          for i = 1, #released, 2 do redis.call('SADD', KEYS[4], released[i]) end
          redis.call('DEL', KEYS[3])
        end
        renew()
        return released
        """);

    /// <summary>ARGV: ttl, peer, entry, maxWaiting. Returns 1 when the peer waits now, 2 when it already
    /// waited (its entry is updated), 0 when the lobby is full.</summary>
    public RedisScript Knock { get; } = new(Renew + "\n" + """
        local waiting = redis.call('HEXISTS', KEYS[3], ARGV[2]) == 1
        if not waiting and redis.call('HLEN', KEYS[3]) >= tonumber(ARGV[4]) then return 0 end
        redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
        renew()
        return waiting and 2 or 1
        """);

    /// <summary>ARGV: ttl, peer. Admits a waiting peer; returns its lobby entry, nil when it was not waiting.</summary>
    public RedisScript Admit { get; } = new(Renew + "\n" + """
        local entry = redis.call('HGET', KEYS[3], ARGV[2])
        if not entry then return false end
        redis.call('HDEL', KEYS[3], ARGV[2])
        redis.call('SADD', KEYS[4], ARGV[2])
        renew()
        return entry
        """);

    /// <summary>ARGV: ttl, peer. Refuses a waiting peer for good; returns its lobby entry, nil when it was not waiting.</summary>
    public RedisScript Refuse { get; } = new(Renew + "\n" + """
        local entry = redis.call('HGET', KEYS[3], ARGV[2])
        if not entry then return false end
        redis.call('HDEL', KEYS[3], ARGV[2])
        redis.call('HSET', KEYS[5], ARGV[2], 'refused')
        renew()
        return entry
        """);

    /// <summary>ARGV: ttl, peer. Keeps a removed peer out. Returns 1.</summary>
    public RedisScript Remove { get; } = new(Renew + "\n" + """
        redis.call('HSET', KEYS[5], ARGV[2], 'removed')
        redis.call('SREM', KEYS[4], ARGV[2])
        redis.call('HDEL', KEYS[3], ARGV[2])
        renew()
        return 1
        """);
}
