using Meeting.Redis.Internal;

namespace Meeting.Redis;

/// <summary>
/// The data connection: one multiplexed, pipelined socket to the master, kept up by a reconnect loop. Replies are
/// matched to callers in FIFO order; a command issued while disconnected waits (bounded) for the next connection;
/// a command in flight when the socket dies fails with <see cref="RedisConnectionException"/> and is not retried.
/// </summary>
public sealed class RedisConnection : IRedisConnection, IAsyncDisposable
{
    // A command may find a fresh connection already dead; it looks again a few times within its wait, never more.
    private const int MaxConnectionLookups = 4;

    private readonly ConnectionSupervisor _supervisor;
    private readonly TimeSpan _waitForConnection;
    private readonly TimeProvider _time;

    internal RedisConnection(ConnectionSupervisor supervisor, TimeSpan waitForConnection, TimeProvider time)
    {
        _supervisor = supervisor;
        _waitForConnection = waitForConnection;
        _time = time;
    }

    /// <summary>True while a socket to the master is up.</summary>
    public bool IsConnected => _supervisor.Current?.IsOpen == true;

    /// <summary>The endpoint of the current (or last) connection.</summary>
    public RedisEndPoint? EndPoint => _supervisor.Status.EndPoint;

    internal ConnectionSupervisor Supervisor => _supervisor;

    /// <inheritdoc />
    public Task<RedisReply> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken = default)
    {
        // The fast path writes before returning, so commands issued one after another without awaiting keep their order.
        if (_supervisor.Current is { } current && current.TryExecute(command, cancellationToken, out var reply))
        {
            return reply;
        }

        return ExecuteWhenConnectedAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _supervisor.DisposeAsync();

    private async Task<RedisReply> ExecuteWhenConnectedAsync(RedisCommand command, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        for (var lookup = 0; lookup < MaxConnectionLookups; lookup++)
        {
            var left = _waitForConnection - _time.GetElapsedTime(started);
            var connection = await _supervisor.WaitForConnectionAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (connection.TryExecute(command, cancellationToken, out var reply))
            {
                return await reply.ConfigureAwait(false);
            }
        }

        throw new RedisConnectionException($"No usable connection to Redis for {command.Name}: connections kept dropping.");
    }
}
