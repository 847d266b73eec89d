using System.Threading.Channels;
using Meeting.Redis.Internal;
using Microsoft.Extensions.Logging;

namespace Meeting.Redis;

/// <summary>
/// The pub/sub connection: its own socket in RESP2 subscribe mode, kept up by a reconnect loop that subscribes
/// every registered channel and pattern again (and waits for the confirmations) before the connection is used.
/// </summary>
public sealed class RedisSubscriber : IRedisSubscriber, IAsyncDisposable
{
    private readonly ConnectionSupervisor _supervisor;
    private readonly SubscriptionRegistry _registry = new();
    private readonly Channel<RedisMessage> _messages = Channel.CreateUnbounded<RedisMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Kind, string Name), List<TaskCompletionSource>> _confirmations = [];
    private readonly TimeSpan _commandTimeout;
    private readonly TimeSpan _waitForConnection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Task _dispatch = Task.CompletedTask;
    private bool _started;
    private Resubscription? _resubscribed;

    internal RedisSubscriber(
        string role,
        IMasterSource source,
        ConnectionFactory factory,
        ReconnectBackoff backoff,
        TimeSpan waitForConnection,
        TimeProvider time,
        ILogger<RedisSubscriber> logger)
    {
        _commandTimeout = factory.Settings.CommandTimeout;
        _waitForConnection = waitForConnection;
        _time = time;
        _logger = logger;
        _supervisor = new ConnectionSupervisor(role, source, factory, ResubscribeAsync, backoff, time, logger);
    }

    /// <summary>True while the subscriber's socket is up and resubscribed.</summary>
    public bool IsConnected => _supervisor.Current?.IsOpen == true;

    internal ConnectionSupervisor Supervisor => _supervisor;

    /// <summary>
    /// Whether a publish to <paramref name="endPoint"/> would reach this subscriber: nothing is subscribed yet (so no
    /// one here waits for it), or the live connection is on that endpoint and is the first one, or was resubscribed
    /// at least <paramref name="settle"/> ago (long enough for the other servers' subscribers to have come back too).
    /// </summary>
    internal bool IsInStepWith(RedisEndPoint? endPoint, TimeSpan settle)
    {
        lock (_lock)
        {
            if (!_started)
            {
                return true;
            }
        }

        if (endPoint is null || _supervisor.Current is not { IsOpen: true } current || current.EndPoint != endPoint)
        {
            return false;
        }

        var resubscribed = Volatile.Read(ref _resubscribed);
        // The first connection is no switch: the other servers' subscribers were there already.
        return resubscribed is not null && resubscribed.Connection == current && (resubscribed.First || _time.GetElapsedTime(resubscribed.At) >= settle);
    }

    /// <inheritdoc />
    public Task<RedisSubscription> SubscribeAsync(string channel, Action<RedisMessage> handler, CancellationToken cancellationToken = default) =>
        AddAsync(isPattern: false, channel, handler, cancellationToken);

    /// <inheritdoc />
    public Task<RedisSubscription> PatternSubscribeAsync(string pattern, Action<RedisMessage> handler, CancellationToken cancellationToken = default) =>
        AddAsync(isPattern: true, pattern, handler, cancellationToken);

    /// <inheritdoc />
    public Task UnsubscribeAsync(string channel, CancellationToken cancellationToken = default) =>
        RemoveAsync(isPattern: false, channel, null, cancellationToken);

    /// <inheritdoc />
    public Task PatternUnsubscribeAsync(string pattern, CancellationToken cancellationToken = default) =>
        RemoveAsync(isPattern: true, pattern, null, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _supervisor.DisposeAsync().ConfigureAwait(false);
        _messages.Writer.TryComplete();
        await _dispatch.ConfigureAwait(false);
    }

    /// <summary>Registers a handler without waiting for the server; it is subscribed whenever a connection is (re)made.</summary>
    internal void Register(bool isPattern, string name, Action<RedisMessage> handler)
    {
        _registry.Add(isPattern, name, handler);
        Start();
    }

    internal void Start()
    {
        lock (_lock)
        {
            if (_started)
            {
                return;
            }

            _started = true;
        }

        _dispatch = Task.Run(DispatchAsync);
        _supervisor.Start();
    }

    internal async Task RemoveAsync(bool isPattern, string name, Action<RedisMessage>? handler, CancellationToken cancellationToken)
    {
        if (!_registry.Remove(isPattern, name, handler) || _supervisor.Current is not { } connection)
        {
            // Other handlers remain, or there is no connection (the next one will not subscribe it).
            return;
        }

        var kind = isPattern ? "punsubscribe" : "unsubscribe";
        var confirmed = ExpectConfirmation(kind, name);
        try
        {
            if (connection.TrySend(new RedisCommand(isPattern ? "PUNSUBSCRIBE" : "UNSUBSCRIBE", name)))
            {
                await confirmed.Task.WaitAsync(_commandTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            // Unconfirmed; messages that still come for it find no handler and are dropped.
            _logger.LogDebug("No confirmation of {Kind} {Name} within the command timeout", kind, name);
        }
        finally
        {
            ForgetConfirmation(kind, name, confirmed);
        }
    }

    private async Task<RedisSubscription> AddAsync(bool isPattern, string name, Action<RedisMessage> handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        var kind = isPattern ? "psubscribe" : "subscribe";
        var confirmed = ExpectConfirmation(kind, name);
        _registry.Add(isPattern, name, handler);
        Start();
        try
        {
            var connection = await _supervisor.WaitForConnectionAsync(_waitForConnection, cancellationToken).ConfigureAwait(false);

            // If this send finds the connection dead, the next connection subscribes the name again and confirms it.
            connection.TrySend(new RedisCommand(isPattern ? "PSUBSCRIBE" : "SUBSCRIBE", name));
            await confirmed.Task.WaitAsync(_commandTimeout + _waitForConnection, _time, cancellationToken).ConfigureAwait(false);
            return new RedisSubscription(this, isPattern, name, handler);
        }
        catch (Exception ex)
        {
            await RemoveAsync(isPattern, name, handler, CancellationToken.None).ConfigureAwait(false);
            if (ex is TimeoutException)
            {
                throw new RedisTimeoutException($"The server did not confirm {kind} {name} in time.");
            }

            throw;
        }
        finally
        {
            ForgetConfirmation(kind, name, confirmed);
        }
    }

    private async Task ResubscribeAsync(PhysicalConnection connection, CancellationToken cancellationToken)
    {
        connection.EnterPushMode(OnPush);
        var (channels, patterns) = _registry.Snapshot();
        var waits = new List<(string Kind, string Name, TaskCompletionSource Confirmed)>(channels.Length + patterns.Length);
        waits.AddRange(channels.Select(c => ("subscribe", c, ExpectConfirmation("subscribe", c))));
        waits.AddRange(patterns.Select(p => ("psubscribe", p, ExpectConfirmation("psubscribe", p))));
        try
        {
            if (channels.Length > 0)
            {
                connection.TrySend(new RedisCommand("SUBSCRIBE", [.. channels.Select(c => (RedisArgument)c)]));
            }

            if (patterns.Length > 0)
            {
                connection.TrySend(new RedisCommand("PSUBSCRIBE", [.. patterns.Select(p => (RedisArgument)p)]));
            }

            await Task.WhenAll(waits.Select(w => w.Confirmed.Task))
                .WaitAsync(_commandTimeout, _time, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RedisTimeoutException($"{connection.EndPoint} did not confirm the resubscription of {waits.Count} channels and patterns in time.");
        }
        finally
        {
            foreach (var (kind, name, confirmed) in waits)
            {
                ForgetConfirmation(kind, name, confirmed);
            }
        }

        Volatile.Write(ref _resubscribed, new Resubscription(connection, _time.GetTimestamp(), Volatile.Read(ref _resubscribed) is null));
        if (waits.Count > 0)
        {
            _logger.LogInformation("Resubscribed {Count} channels and patterns on {EndPoint}", waits.Count, connection.EndPoint);
        }
    }

    // Runs on the connection's read loop: it only sorts and queues.
    private void OnPush(RedisReply reply)
    {
        if (reply.Kind != RedisReplyKind.Array || reply.Count < 2)
        {
            _logger.LogWarning("Unexpected reply in subscribe mode: {Reply}", reply.IsError ? reply.ErrorMessage : reply.Kind.ToString());
            return;
        }

        var kind = reply[0].AsString();
        switch (kind)
        {
            case "message" when reply.Count == 3:
                _messages.Writer.TryWrite(new RedisMessage(reply[1].AsString()!, null, reply[2].AsBytes()));
                break;
            case "pmessage" when reply.Count == 4:
                _messages.Writer.TryWrite(new RedisMessage(reply[2].AsString()!, reply[1].AsString(), reply[3].AsBytes()));
                break;
            case "subscribe" or "psubscribe" or "unsubscribe" or "punsubscribe" when !reply[1].IsNull:
                Confirm(kind, reply[1].AsString()!);
                break;
            default:
                // "pong", or an unsubscribe from nothing.
                break;
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var message in _messages.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var pattern = message.Pattern;
            foreach (var handler in _registry.Get(pattern is not null, pattern ?? message.Channel))
            {
                try
                {
                    handler(message);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "A handler of channel {Channel} failed", message.Channel);
                }
            }
        }
    }

    private TaskCompletionSource ExpectConfirmation(string kind, string name)
    {
        var confirmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (!_confirmations.TryGetValue((kind, name), out var waiting))
            {
                _confirmations[(kind, name)] = waiting = [];
            }

            waiting.Add(confirmed);
        }

        return confirmed;
    }

    private void Confirm(string kind, string name)
    {
        List<TaskCompletionSource>? waiting;
        lock (_lock)
        {
            _confirmations.Remove((kind, name), out waiting);
        }

        foreach (var confirmed in waiting ?? [])
        {
            confirmed.TrySetResult();
        }
    }

    private void ForgetConfirmation(string kind, string name, TaskCompletionSource confirmed)
    {
        lock (_lock)
        {
            if (_confirmations.TryGetValue((kind, name), out var waiting) && waiting.Remove(confirmed) && waiting.Count == 0)
            {
                _confirmations.Remove((kind, name));
            }
        }
    }

    private sealed record Resubscription(PhysicalConnection Connection, long At, bool First);
}
