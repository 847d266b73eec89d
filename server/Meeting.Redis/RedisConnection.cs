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
    private readonly ReplayLog _replayLog;
    private readonly TimeSpan _waitForConnection;
    private readonly TimeProvider _time;

    internal RedisConnection(ConnectionSupervisor supervisor, ReplayLog replayLog, TimeSpan waitForConnection, TimeProvider time)
    {
        _supervisor = supervisor;
        _replayLog = replayLog;
        _waitForConnection = waitForConnection;
        _time = time;
    }

    /// <summary>
    /// How long the master has owed this connection a reply without sending anything (zero when nothing is owed or
    /// there is no connection): a hung master (SIGSTOP, a stuck disk) keeps its socket open, so only this shows it.
    /// </summary>
    public TimeSpan Unanswered => _supervisor.Current?.Unanswered ?? TimeSpan.Zero;

    /// <summary>How many writes made with <see cref="ExecuteReplicatedAsync"/> no replica has confirmed yet.</summary>
    public int UnconfirmedWrites => _replayLog.Count;

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

    /// <summary>
    /// Runs an idempotent write followed, on the same socket, by <c>WAIT replicas timeout</c>, and returns how many
    /// replicas acknowledged it. When fewer than <paramref name="replicas"/> did (the replica is down, or it was just
    /// promoted and this master is about to be demoted), the write is kept and written again on every later
    /// connection, before that connection is used, until a WAIT confirms it: so a write acknowledged by an old master
    /// in a planned failover reaches the new one. The command must be safe to run again later and in log order with
    /// the other such writes (SET with an absolute expiry <c>PXAT</c>, DEL); its keys should be written only this way.
    /// A write whose socket dies under it is sent again on the next connection (within the connection wait); one that
    /// still failed with a connection error or a timeout is kept too (it may have run); one the server refused, or
    /// that was never sent, is not.
    /// </summary>
    public async Task<long> ExecuteReplicatedAsync(RedisCommand command, int replicas, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        var milliseconds = (long)Math.Ceiling(timeout.TotalMilliseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(milliseconds, 1, nameof(timeout));
        var wait = new RedisCommand("WAIT", replicas, milliseconds).WithTimeout(timeout + TimeSpan.FromSeconds(5));

        var entry = _replayLog.Add(command);
        var started = _time.GetTimestamp();
        for (var lookup = 0; lookup < MaxConnectionLookups; lookup++)
        {
            PhysicalConnection connection;
            try
            {
                connection = _supervisor.Current is { IsOpen: true } current
                    ? current
                    : await _supervisor.WaitForConnectionAsync(Remaining(started), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _replayLog.Remove(entry);
                throw;
            }

            if (!_replayLog.TrySend(entry, connection, cancellationToken, out var written))
            {
                continue;
            }

            // WAIT goes right behind the write on the same socket: on another one it would not cover the write.
            var snapshot = _replayLog.Snapshot();
            connection.TryExecute(wait, cancellationToken, out var waited);
            long acknowledged;
            try
            {
                await written.ConfigureAwait(false);
                acknowledged = (await waited.ConfigureAwait(false)).AsInt64();
            }
            catch (RedisServerException)
            {
                _replayLog.Remove(entry);
                throw;
            }
            catch (RedisConnectionException) when (lookup + 1 < MaxConnectionLookups && Remaining(started) > TimeSpan.Zero)
            {
                // The socket died under the write (a master switch cuts it): the write is idempotent, so it goes
                // again, with its WAIT, on the next connection rather than failing the caller.
                continue;
            }

            if (acknowledged >= replicas)
            {
                _replayLog.Confirm(connection, snapshot);
            }

            return acknowledged;
        }

        _replayLog.Remove(entry);
        throw new RedisConnectionException($"No usable connection to Redis for {command.Name}: connections kept dropping.");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _supervisor.DisposeAsync();

    private async Task<RedisReply> ExecuteWhenConnectedAsync(RedisCommand command, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        for (var lookup = 0; lookup < MaxConnectionLookups; lookup++)
        {
            var connection = await _supervisor.WaitForConnectionAsync(Remaining(started), cancellationToken).ConfigureAwait(false);
            if (connection.TryExecute(command, cancellationToken, out var reply))
            {
                return await reply.ConfigureAwait(false);
            }
        }

        throw new RedisConnectionException($"No usable connection to Redis for {command.Name}: connections kept dropping.");
    }

    private TimeSpan Remaining(long started)
    {
        var left = _waitForConnection - _time.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
