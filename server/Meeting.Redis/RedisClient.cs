using Meeting.Redis.Internal;
using Meeting.Redis.Sentinel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Meeting.Redis;

/// <summary>
/// The entry point: built from <see cref="RedisOptions"/>, it owns the data connection (multiplexed and pipelined),
/// the pub/sub connection and, in Sentinel mode, the Sentinel watchers that keep both on the current master.
/// </summary>
public sealed class RedisClient : IRedisConnection, IAsyncDisposable
{
    private readonly SentinelMonitor? _monitor;
    private readonly RedisConnection _connection;
    private readonly RedisSubscriber _subscriber;
    private readonly PublishGate _publishGate;
    private readonly Lock _lock = new();
    private bool _started;

    /// <summary>Builds the client; nothing connects until <see cref="StartAsync"/>.</summary>
    public RedisClient(RedisOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var time = timeProvider ?? TimeProvider.System;
        var random = new Random();
        ReconnectBackoff Backoff() => new(options.ReconnectMinDelay, options.ReconnectMaxDelay, random);

        var connectionLogger = loggers.CreateLogger<RedisConnection>();
        var dataFactory = new ConnectionFactory(ConnectionSettings.ForData(options), time, connectionLogger);
        IMasterSource source;
        if (options.UsesSentinel)
        {
            var sentinels = options.Sentinels.Select(RedisEndPoint.Parse).ToArray();
            var sentinelFactory = new ConnectionFactory(ConnectionSettings.ForSentinel(options), time, connectionLogger);
            var watchers = sentinels
                .Select(s => new RedisSubscriber(
                    $"sentinel {s}", new FixedMasterSource(s), sentinelFactory, Backoff(), options.WaitForConnectionTimeout, time, loggers.CreateLogger<RedisSubscriber>()))
                .ToArray();
            var resolver = new SentinelMasterResolver(options.MasterName!, sentinels, sentinelFactory, dataFactory, loggers.CreateLogger<SentinelMasterResolver>());
            _monitor = new SentinelMonitor(options.MasterName!, resolver, watchers, Backoff(), time, loggers.CreateLogger<SentinelMonitor>());
            source = _monitor;
        }
        else
        {
            source = new FixedMasterSource(RedisEndPoint.Parse(options.EndPoint!));
        }

        var replayLog = new ReplayLog(options.ReplayLimit, connectionLogger);
        var supervisor = new ConnectionSupervisor("data", source, dataFactory, replayLog.ReplayAsync, Backoff(), time, connectionLogger);
        _connection = new RedisConnection(supervisor, replayLog, options.WaitForConnectionTimeout, time);
        _subscriber = new RedisSubscriber("subscriber", source, dataFactory, Backoff(), options.WaitForConnectionTimeout, time, loggers.CreateLogger<RedisSubscriber>());
        var settle = options.PublishSettleDelay;
        _publishGate = new PublishGate(
            _connection.ExecuteAsync,
            () => _subscriber.IsInStepWith(_connection.Supervisor.Current?.EndPoint, settle),
            () => _connection.IsConnected,
            options.WaitForConnectionTimeout,
            time);
    }

    /// <summary>The data connection.</summary>
    public RedisConnection Connection => _connection;

    /// <summary>The pub/sub connection; it connects on the first subscription.</summary>
    public IRedisSubscriber Subscriber => _subscriber;

    /// <summary>
    /// Connects and returns a started client, or throws the first attempt's error (and stops) when it fails:
    /// for callers that cannot run without Redis.
    /// </summary>
    public static async Task<RedisClient> ConnectAsync(
        RedisOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        var client = new RedisClient(options, loggerFactory, timeProvider);
        try
        {
            await client.StartAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts connecting and waits for the outcome of the first attempt (in Sentinel mode: one pass over the
    /// Sentinels, then the connect). If it failed, this throws its error but the client keeps retrying in the
    /// background, so a caller that can run degraded may carry on and watch <see cref="GetStatus"/>.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_started)
            {
                throw new InvalidOperationException("The Redis client is already started.");
            }

            _started = true;
        }

        _monitor?.Start();
        _connection.Supervisor.Start();
        var error = await _connection.Supervisor.FirstAttempt.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            throw error is RedisException ? error : new RedisConnectionException(error.Message, error);
        }
    }

    /// <inheritdoc />
    public Task<RedisReply> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken = default) =>
        _connection.ExecuteAsync(command, cancellationToken);

    /// <summary>
    /// PUBLISH in step with this client's subscriber: while the subscriber is not (yet) subscribed on the master the
    /// data connection is on, and for <see cref="RedisOptions.PublishSettleDelay"/> after it is, publishes are held
    /// back in order (at most <see cref="RedisOptions.WaitForConnectionTimeout"/> each), so that the burst queued
    /// during a failover does not go to a new master before the servers' subscribers are back on it. Returns the
    /// number of subscribers (on that node) that received the message.
    /// </summary>
    public async Task<long> PublishAsync(string channel, RedisArgument message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var reply = await _publishGate.PublishAsync(new RedisCommand("PUBLISH", channel, message), cancellationToken).ConfigureAwait(false);
        return reply.AsInt64();
    }

    /// <summary>The client's state, cheap enough for every health probe.</summary>
    public RedisStatus GetStatus()
    {
        var data = _connection.Supervisor.Status;
        return new RedisStatus(
            _connection.IsConnected,
            data.EndPoint,
            data.Since,
            data.LastError,
            data.LastErrorAt,
            data.Reconnects,
            _subscriber.IsConnected,
            _monitor?.Status);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _publishGate.DisposeAsync().ConfigureAwait(false);
        await _subscriber.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        if (_monitor is not null)
        {
            await _monitor.DisposeAsync().ConfigureAwait(false);
        }
    }
}
