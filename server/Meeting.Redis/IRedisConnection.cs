namespace Meeting.Redis;

/// <summary>
/// Sends commands to the Redis master and returns their replies. Implementations multiplex concurrent callers over
/// one connection; typed commands (GET, SET, HSET…) are extension methods in <c>Meeting.Redis.Commands</c>.
/// </summary>
/// <remarks>
/// Commands that change connection state (SELECT, MULTI/EXEC, SUBSCRIBE, CLIENT REPLY) or block it (BLPOP, WAIT with
/// a long timeout) affect every caller sharing the connection: use a script for atomicity and the subscriber for pub/sub.
/// </remarks>
public interface IRedisConnection
{
    /// <summary>Sends <paramref name="command"/> and returns its reply.</summary>
    /// <exception cref="RedisServerException">The server answered with an error.</exception>
    /// <exception cref="RedisTimeoutException">No reply within the command timeout.</exception>
    /// <exception cref="RedisConnectionException">No connection, or it was lost with the command in flight.</exception>
    Task<RedisReply> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken = default);
}
