using Meeting.Redis.Commands;

namespace Meeting.Server.SharedState;

/// <summary>
/// The roster's changes as Lua scripts, so that each check-then-change is one atomic step in Redis
/// however many servers race. Members are JSON: <c>{"n": name, "c": connectionId, "s": serverId,
/// "a": awaySinceUnixMs or "0"}</c>; a place is <c>room\npeer\nconnection</c> (see <see cref="RedisKeys"/>).
/// </summary>
internal sealed class RosterScripts
{
    /// <summary>KEYS: room, counts, away, this server's members. ARGV: room, peer, member, maxPeers, ttlMs, connectionId, prefix.
    /// Returns {0} when full, else {1 joined | 2 rejoined, previous member or nil, HGETALL of the room}.</summary>
    public RedisScript Join { get; } = new("""
        local prev = redis.call('HGET', KEYS[1], ARGV[2])
        if not prev then
          local n = redis.call('HLEN', KEYS[1])
          if n >= tonumber(ARGV[4]) then return {0} end
          if n == 0 then redis.call('HINCRBY', KEYS[2], 'rooms', 1) end
          redis.call('HINCRBY', KEYS[2], 'peers', 1)
        else
          local p = cjson.decode(prev)
          local old = ARGV[1] .. '\n' .. ARGV[2] .. '\n' .. p.c
          redis.call('ZREM', KEYS[3], old)
          redis.call('SREM', ARGV[7] .. ':server:' .. p.s .. ':members', old)
        end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('SADD', KEYS[4], ARGV[1] .. '\n' .. ARGV[2] .. '\n' .. ARGV[6])
        redis.call('PEXPIRE', KEYS[4], ARGV[5])
        return {prev and 2 or 1, prev or false, redis.call('HGETALL', KEYS[1])}
        """);

    /// <summary>KEYS: room, away. ARGV: room, peer, connectionId, nowMs. Returns 1 if the place is now away.</summary>
    public RedisScript MarkAway { get; } = new("""
        local cur = redis.call('HGET', KEYS[1], ARGV[2])
        if not cur then return 0 end
        local m = cjson.decode(cur)
        if m.c ~= ARGV[3] then return 0 end
        m.a = ARGV[4]
        redis.call('HSET', KEYS[1], ARGV[2], cjson.encode(m))
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1] .. '\n' .. ARGV[2] .. '\n' .. ARGV[3])
        return 1
        """);

    /// <summary>KEYS: room, counts, away. ARGV: room, peer, connectionId, prefix. Returns 1 if removed.</summary>
    public RedisScript Remove { get; } = new("""
        local cur = redis.call('HGET', KEYS[1], ARGV[2])
        if not cur then return 0 end
        local m = cjson.decode(cur)
        if m.c ~= ARGV[3] then return 0 end
        local place = ARGV[1] .. '\n' .. ARGV[2] .. '\n' .. ARGV[3]
        redis.call('HDEL', KEYS[1], ARGV[2])
        redis.call('ZREM', KEYS[3], place)
        redis.call('SREM', ARGV[4] .. ':server:' .. m.s .. ':members', place)
        redis.call('HINCRBY', KEYS[2], 'peers', -1)
        if redis.call('HLEN', KEYS[1]) == 0 then redis.call('HINCRBY', KEYS[2], 'rooms', -1) end
        return 1
        """);

    /// <summary>
    /// KEYS: away, counts, servers. ARGV: awayBeforeMs, prefix, deadBeforeMs, nowMs, limit.
    /// First the places of servers that stopped their heartbeat go away (their connections died with
    /// them and will never report it); then places away since before the cut-off are removed.
    /// Returns a flat list {room, peer, member, …} of the removed.
    /// </summary>
    public RedisScript Sweep { get; } = new("""
        local function split(place)
          return string.match(place, '^([^\n]*)\n([^\n]*)\n(.*)$')
        end
        local servers = redis.call('HGETALL', KEYS[3])
        for i = 1, #servers, 2 do
          if tonumber(servers[i + 1]) < tonumber(ARGV[3]) then
            local set = ARGV[2] .. ':server:' .. servers[i] .. ':members'
            for _, place in ipairs(redis.call('SMEMBERS', set)) do
              local room, peer, conn = split(place)
              local key = ARGV[2] .. ':room:' .. room
              local cur = redis.call('HGET', key, peer)
              if cur then
                local m = cjson.decode(cur)
                if m.c == conn and m.a == '0' then
                  m.a = ARGV[4]
                  redis.call('HSET', key, peer, cjson.encode(m))
                  redis.call('ZADD', KEYS[1], ARGV[4], place)
                end
              end
            end
            redis.call('DEL', set)
            redis.call('HDEL', KEYS[3], servers[i])
          end
        end
        local removed = {}
        for _, place in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[5]))) do
          redis.call('ZREM', KEYS[1], place)
          local room, peer, conn = split(place)
          local key = ARGV[2] .. ':room:' .. room
          local cur = redis.call('HGET', key, peer)
          if cur then
            local m = cjson.decode(cur)
            if m.c == conn and m.a ~= '0' then
              redis.call('HDEL', key, peer)
              redis.call('SREM', ARGV[2] .. ':server:' .. m.s .. ':members', place)
              redis.call('HINCRBY', KEYS[2], 'peers', -1)
              if redis.call('HLEN', key) == 0 then redis.call('HINCRBY', KEYS[2], 'rooms', -1) end
              table.insert(removed, room)
              table.insert(removed, peer)
              table.insert(removed, cur)
            end
          end
        end
        return removed
        """);
}
