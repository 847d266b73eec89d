using Meeting.Redis.Commands;

namespace Meeting.Server.SharedState;

/// <summary>
/// The roster's changes as Lua scripts, so that each check-then-change is one atomic step in Redis
/// however many servers race. Members are JSON: <c>{"n": name, "c": connectionId, "s": serverId,
/// "a": awaySinceUnixMs or "0"}</c>; places are built by <see cref="RosterPlace"/>. Every key comes
/// through <c>KEYS</c> (names from <see cref="RedisKeys"/>): where a script needs the members set of the
/// server holding a place, which only the script can read, the caller passes the set of the server it
/// expects and the script answers <c>{-1, serverId}</c> when the place is held elsewhere, for the caller to
/// try again with that server's set.
/// </summary>
internal sealed class RosterScripts
{
    /// <summary>KEYS: room, counts, away, this server's members, the members of the server expected to hold
    /// the previous place. ARGV: peer, member, maxPeers, ttlMs, new place, the place without its connection,
    /// the expected server. Returns {0} when full, {-1, server} when the previous place is held elsewhere,
    /// else {1 joined | 2 rejoined, previous member or nil, HGETALL of the room}.</summary>
    public RedisScript Join { get; } = new("""
        local prev = redis.call('HGET', KEYS[1], ARGV[1])
        if not prev then
          local n = redis.call('HLEN', KEYS[1])
          if n >= tonumber(ARGV[3]) then return {0} end
          if n == 0 then redis.call('HINCRBY', KEYS[2], 'rooms', 1) end
          redis.call('HINCRBY', KEYS[2], 'peers', 1)
        else
          local p = cjson.decode(prev)
          if p.s ~= ARGV[7] then return {-1, p.s} end
          local old = ARGV[6] .. p.c
          redis.call('ZREM', KEYS[3], old)
          redis.call('SREM', KEYS[5], old)
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('SADD', KEYS[4], ARGV[5])
        redis.call('PEXPIRE', KEYS[4], ARGV[4])
        return {prev and 2 or 1, prev or false, redis.call('HGETALL', KEYS[1])}
        """);

    /// <summary>KEYS: room, away. ARGV: peer, connectionId, nowMs, place. Returns 1 if the place is now away.</summary>
    public RedisScript MarkAway { get; } = new("""
        local cur = redis.call('HGET', KEYS[1], ARGV[1])
        if not cur then return 0 end
        local m = cjson.decode(cur)
        if m.c ~= ARGV[2] then return 0 end
        m.a = ARGV[3]
        redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(m))
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        return 1
        """);

    /// <summary>KEYS: room, counts, away, the expected server's members. ARGV: peer, connectionId, place,
    /// the expected server. Returns {1} if removed, {0} if the place is not the connection's, {-1, server}.</summary>
    public RedisScript Remove { get; } = new("""
        local cur = redis.call('HGET', KEYS[1], ARGV[1])
        if not cur then return {0} end
        local m = cjson.decode(cur)
        if m.c ~= ARGV[2] then return {0} end
        if m.s ~= ARGV[4] then return {-1, m.s} end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[3])
        redis.call('SREM', KEYS[4], ARGV[3])
        redis.call('HINCRBY', KEYS[2], 'peers', -1)
        if redis.call('HLEN', KEYS[1]) == 0 then redis.call('HINCRBY', KEYS[2], 'rooms', -1) end
        return {1}
        """);

    /// <summary>KEYS: room, counts, away, the expected server's members. ARGV: peer, connectionId, place,
    /// awayBeforeMs, the expected server. Ends a place whose grace ran out: {1, member} if removed, {0} if
    /// not (it came back, or is gone: its entry in <c>away</c> is dropped), {-1, server}.</summary>
    public RedisScript Expire { get; } = new("""
        local score = redis.call('ZSCORE', KEYS[3], ARGV[3])
        if not score or tonumber(score) >= tonumber(ARGV[4]) then return {0} end
        local cur = redis.call('HGET', KEYS[1], ARGV[1])
        if cur then
          local m = cjson.decode(cur)
          if m.c == ARGV[2] and m.a ~= '0' then
            if m.s ~= ARGV[5] then return {-1, m.s} end
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[3])
            redis.call('SREM', KEYS[4], ARGV[3])
            redis.call('HINCRBY', KEYS[2], 'peers', -1)
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('HINCRBY', KEYS[2], 'rooms', -1) end
            return {1, cur}
          end
        end
        redis.call('ZREM', KEYS[3], ARGV[3])
        return {0}
        """);

    /// <summary>KEYS: servers. ARGV: this server, nowMs. Records this server's heartbeat and returns the one it
    /// replaces, or nil: the caller learns from it whether others could have taken it for dead meanwhile.</summary>
    public RedisScript Beat { get; } = new("""
        local prev = redis.call('HGET', KEYS[1], ARGV[1])
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return prev
        """);

    /// <summary>KEYS: room, away, servers. ARGV: peer, connectionId, nowMs, place, the dead server, deadBeforeMs.
    /// Starts the grace of a place whose server stopped its heartbeat (its connections died with it and will
    /// never report it), unless the server beat again meanwhile. Returns 1 if the place is now away.</summary>
    public RedisScript Abandon { get; } = new("""
        local beat = redis.call('HGET', KEYS[3], ARGV[5])
        if beat and tonumber(beat) >= tonumber(ARGV[6]) then return 0 end
        local cur = redis.call('HGET', KEYS[1], ARGV[1])
        if not cur then return 0 end
        local m = cjson.decode(cur)
        if m.c ~= ARGV[2] or m.a ~= '0' then return 0 end
        m.a = ARGV[3]
        redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(m))
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        return 1
        """);

    /// <summary>KEYS: servers, the dead server's members. ARGV: the dead server, deadBeforeMs. Forgets a
    /// server whose places were abandoned, unless it beat again meanwhile. Returns 1 if forgotten.</summary>
    public RedisScript Forget { get; } = new("""
        local beat = redis.call('HGET', KEYS[1], ARGV[1])
        if beat and tonumber(beat) >= tonumber(ARGV[2]) then return 0 end
        redis.call('DEL', KEYS[2])
        redis.call('HDEL', KEYS[1], ARGV[1])
        return 1
        """);

    /// <summary>KEYS: room, counts, away, this server's members, the room's denied sessions. ARGV: peer, member
    /// (present, on this server), connectionId, place, ttlMs. Puts back the place of a connection that is live
    /// here, after an outage lost it or started its grace; a place another connection took meanwhile is left
    /// alone, and so is a peer the room's host removed (its connection here may not know it yet). Returns 1 if put back.</summary>
    public RedisScript Restore { get; } = new("""
        if redis.call('HGET', KEYS[5], ARGV[1]) == 'removed' then return 0 end
        local cur = redis.call('HGET', KEYS[1], ARGV[1])
        if cur then
          local m = cjson.decode(cur)
          if m.c ~= ARGV[3] then return 0 end
          if m.a ~= '0' then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
        else
          if redis.call('HLEN', KEYS[1]) == 0 then redis.call('HINCRBY', KEYS[2], 'rooms', 1) end
          redis.call('HINCRBY', KEYS[2], 'peers', 1)
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('ZREM', KEYS[3], ARGV[4])
        redis.call('SADD', KEYS[4], ARGV[4])
        redis.call('PEXPIRE', KEYS[4], ARGV[5])
        return 1
        """);
}
