using Meeting.Redis.Commands;

namespace Meeting.Server.SharedState;

/// <summary>
/// The room event log's write as one Lua script, so that reading the previous id, appending and renewing
/// the expiry are one atomic step and one round trip, however many servers append to the room at once.
/// </summary>
internal sealed class RoomEventScripts
{
    /// <summary>
    /// KEYS: the room's events stream. ARGV: maxLength, ttlMs, then the event's field/value pairs.
    /// Adds the entry with an id Redis generates (<c>XADD … MAXLEN ~ maxLength *</c>) and a <c>prev</c> field
    /// holding the id of the entry before it (<c>0-0</c> for a new stream), so a reader can tell whether the
    /// entries it got reach back to the id it asked after or whether trimming took some. Returns the new id.
    /// </summary>
    public RedisScript Append { get; } = new("""
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        local command = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'prev', last[1] and last[1][1] or '0-0'}
        for i = 3, #ARGV do
          command[#command + 1] = ARGV[i]
        end
        local id = redis.call(unpack(command))
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return id
        """);
}
