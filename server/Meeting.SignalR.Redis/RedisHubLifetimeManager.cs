using Meeting.SignalR.Redis.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meeting.SignalR.Redis;

/// <summary>
/// A <see cref="HubLifetimeManager{THub}"/> for several servers sharing a bus (Redis pub/sub): each server writes
/// to the connections it holds itself, and publishes for the others whatever may reach connections held elsewhere.
/// </summary>
/// <remarks>
/// <para>Every message carries the sending server's id and the receiving side drops its own, so a connection is
/// reached once, either directly or through the bus, never both. Sends from one server reach a client in the
/// order they were made; sends from two servers are not ordered with each other.</para>
/// <para>Group changes for a connection held elsewhere go to its server, which applies them and acknowledges;
/// the call fails with <see cref="BackplaneTimeoutException"/> when no acknowledgement comes within
/// <see cref="RedisBackplaneOptions.AckTimeout"/> (as it does for a connection that no server holds).</para>
/// <para>Messages published while a server's bus connection is down do not reach it (pub/sub keeps nothing); its
/// subscriptions, the dynamic ones for connections, groups and users included, come back with the connection.
/// Client results (<c>InvokeConnectionAsync</c>) are not supported.</para>
/// </remarks>
/// <typeparam name="THub">The hub whose connections this manages.</typeparam>
public sealed class RedisHubLifetimeManager<THub> : HubLifetimeManager<THub>, IAsyncDisposable
    where THub : Hub
{
    private readonly IBackplaneBus _bus;
    private readonly IHubProtocolResolver _protocols;
    private readonly RedisBackplaneOptions _options;
    private readonly ILogger _logger;
    private readonly BackplaneChannels _channels;
    private readonly LocalConnectionRegistry _local;
    private readonly AckTracker _acks;
    private readonly InboundQueue _inbound;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private Task? _start;
    private List<IAsyncDisposable> _fixedSubscriptions = [];
    private bool _disposed;

    /// <summary>Creates the manager; it subscribes its channels on first use, not here.</summary>
    public RedisHubLifetimeManager(
        IBackplaneBus bus,
        IHubProtocolResolver protocols,
        IOptions<RedisBackplaneOptions> options,
        TimeProvider time,
        ILogger<RedisHubLifetimeManager<THub>> logger)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(protocols);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _options.Validate();
        _bus = bus;
        _protocols = protocols;
        _logger = logger;
        ServerId = _options.ServerId ?? $"{Environment.MachineName}-{Guid.NewGuid():N}";
        _channels = new BackplaneChannels(_options.ChannelPrefix, typeof(THub).FullName ?? typeof(THub).Name);
        _local = new LocalConnectionRegistry(SubscribeConnectionAsync, SubscribeGroupAsync, SubscribeUserAsync, logger);
        _acks = new AckTracker(time);
        _inbound = new InboundQueue(time, logger);
    }

    /// <summary>This server's name on the backplane: <see cref="RedisBackplaneOptions.ServerId"/>, or the one made up for it.</summary>
    public string ServerId { get; }

    /// <inheritdoc />
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await EnsureStartedAsync(connection.ConnectionAborted).ConfigureAwait(false);
        await _local.AddAsync(connection, connection.ConnectionAborted).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return _local.RemoveAsync(connection);
    }

    /// <inheritdoc />
    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAllExceptAsync(methodName, args, [], cancellationToken);

    /// <inheritdoc />
    public override async Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var (message, payload) = Serialize(methodName, args, excludedConnectionIds);
        await Task.WhenAll(
            LocalDelivery.WriteAsync(_local.All, message, excludedConnectionIds, cancellationToken),
            _bus.PublishAsync(_channels.All, payload, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return SendConnectionsAsync([connectionId], methodName, args, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var (message, payload) = Serialize(methodName, args, null);
        var tasks = new List<Task>(connectionIds.Count);
        foreach (var id in connectionIds)
        {
            // A connection lives on exactly one server: if here, directly and nowhere else.
            tasks.Add(_local.TryGet(id, out var connection)
                ? LocalDelivery.WriteAsync([connection], message, null, cancellationToken)
                : _bus.PublishAsync(_channels.Connection(id), payload, cancellationToken));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        return SendGroupsExceptAsync([groupName], methodName, args, [], cancellationToken);
    }

    /// <inheritdoc />
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendGroupsExceptAsync(groupNames, methodName, args, [], cancellationToken);

    /// <inheritdoc />
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        return SendGroupsExceptAsync([groupName], methodName, args, excludedConnectionIds, cancellationToken);
    }

    /// <inheritdoc />
    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return SendUsersAsync([userId], methodName, args, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var (message, payload) = Serialize(methodName, args, null);
        var tasks = new List<Task>(userIds.Count * 2);
        foreach (var user in userIds)
        {
            // A user may have connections here and elsewhere: both ways, and the others drop the copy from here.
            tasks.Add(LocalDelivery.WriteAsync(_local.UserConnections(user), message, null, cancellationToken));
            tasks.Add(_bus.PublishAsync(_channels.User(user), payload, cancellationToken));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        if (!await _local.JoinAsync(connectionId, groupName, cancellationToken).ConfigureAwait(false))
        {
            await SendGroupCommandAsync(GroupAction.Add, connectionId, groupName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        if (!await _local.LeaveAsync(connectionId, groupName, cancellationToken).ConfigureAwait(false))
        {
            await SendGroupCommandAsync(GroupAction.Remove, connectionId, groupName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Unsubscribes everything and stops processing; group changes still waiting fail.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? start;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            start = _start;
        }

        _stopping.Cancel();
        _acks.FailAll(new ObjectDisposedException(GetType().Name));
        if (start is not null)
        {
            await TryAsync(start, "start").ConfigureAwait(false);
        }

        foreach (var subscription in _fixedSubscriptions)
        {
            await TryAsync(subscription.DisposeAsync().AsTask(), "unsubscribe").ConfigureAwait(false);
        }

        await _local.DisposeAsync().ConfigureAwait(false);
        await _inbound.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        Task start;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // A failed start (Redis unreachable) is tried again by the next caller rather than remembered forever.
            if (_start is null || _start.IsFaulted || _start.IsCanceled)
            {
                _start = StartAsync(_stopping.Token);
            }

            start = _start;
        }

        return start.IsCompletedSuccessfully ? Task.CompletedTask : start.WaitAsync(cancellationToken);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _inbound.Start();
        var subscriptions = new List<IAsyncDisposable>(3);
        try
        {
            subscriptions.Add(await SubscribeAsync(_channels.All, p => DeliverAsync(p, _local.All), cancellationToken).ConfigureAwait(false));
            subscriptions.Add(await SubscribeAsync(_channels.GroupManagement, ApplyGroupCommandAsync, cancellationToken).ConfigureAwait(false));

            // Acknowledgements only complete a waiter, so they skip the queue rather than wait behind deliveries.
            subscriptions.Add(await _bus.SubscribeAsync(_channels.Ack(ServerId), OnAck, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            foreach (var subscription in subscriptions)
            {
                await TryAsync(subscription.DisposeAsync().AsTask(), "unsubscribe").ConfigureAwait(false);
            }

            throw;
        }

        _fixedSubscriptions = subscriptions;
        _logger.LogInformation("Backplane for hub {Hub} started as server {ServerId}", typeof(THub).Name, ServerId);
    }

    private Task<IAsyncDisposable> SubscribeConnectionAsync(string connectionId, CancellationToken cancellationToken) =>
        SubscribeAsync(_channels.Connection(connectionId), p => DeliverAsync(p, _local.TryGet(connectionId, out var c) ? [c] : []), cancellationToken);

    private Task<IAsyncDisposable> SubscribeGroupAsync(string groupName, CancellationToken cancellationToken) =>
        SubscribeAsync(_channels.Group(groupName), p => DeliverAsync(p, _local.GroupMembers(groupName)), cancellationToken);

    private Task<IAsyncDisposable> SubscribeUserAsync(string userId, CancellationToken cancellationToken) =>
        SubscribeAsync(_channels.User(userId), p => DeliverAsync(p, _local.UserConnections(userId)), cancellationToken);

    /// <summary>Subscribes a channel whose messages are processed, in arrival order, on the inbound loop.</summary>
    private Task<IAsyncDisposable> SubscribeAsync(string channel, Func<ReadOnlyMemory<byte>, Task> process, CancellationToken cancellationToken) =>
        _bus.SubscribeAsync(channel, p => _inbound.Post(process, p), cancellationToken);

    private async Task SendGroupsExceptAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var (message, payload) = Serialize(methodName, args, excludedConnectionIds);
        var tasks = new List<Task>(groupNames.Count * 2);
        foreach (var group in groupNames)
        {
            // Members here directly; members elsewhere through the bus, where the copy from here is dropped.
            tasks.Add(LocalDelivery.WriteAsync(_local.GroupMembers(group), message, excludedConnectionIds, cancellationToken));
            tasks.Add(_bus.PublishAsync(_channels.Group(group), payload, cancellationToken));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task SendGroupCommandAsync(GroupAction action, string connectionId, string groupName, CancellationToken cancellationToken)
    {
        var ackId = _acks.Create();
        try
        {
            var command = new GroupCommand(action, ackId, ServerId, connectionId, groupName);
            await _bus.PublishAsync(_channels.GroupManagement, BackplaneProtocol.WriteGroupCommand(command), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _acks.Forget(ackId);
            throw;
        }

        try
        {
            await _acks.WaitAsync(ackId, _options.AckTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var change = action == GroupAction.Add ? $"adding connection {connectionId} to" : $"removing connection {connectionId} from";
            throw new BackplaneTimeoutException(
                $"No server acknowledged {change} group {groupName} within {_options.AckTimeout.TotalMilliseconds:0} ms: " +
                "the connection is on no live server, or the backplane is unreachable.");
        }
    }

    // On the inbound loop of every server; only the one holding the connection applies and acknowledges.
    private async Task ApplyGroupCommandAsync(ReadOnlyMemory<byte> payload)
    {
        if (!BackplaneProtocol.TryReadGroupCommand(payload, out var command))
        {
            _logger.LogWarning("Dropped a malformed group command ({Length} bytes) from the backplane", payload.Length);
            return;
        }

        if (command.OriginServerId == ServerId)
        {
            return;
        }

        var token = _stopping.Token;
        var applied = command.Action == GroupAction.Add
            ? await _local.JoinAsync(command.ConnectionId, command.GroupName, token).ConfigureAwait(false)
            : await _local.LeaveAsync(command.ConnectionId, command.GroupName, token).ConfigureAwait(false);
        if (applied)
        {
            await _bus.PublishAsync(_channels.Ack(command.OriginServerId), BackplaneProtocol.WriteAck(command.AckId), token).ConfigureAwait(false);
        }
    }

    private void OnAck(ReadOnlyMemory<byte> payload)
    {
        if (!BackplaneProtocol.TryReadAck(payload, out var ackId))
        {
            _logger.LogWarning("Dropped a malformed acknowledgement ({Length} bytes) from the backplane", payload.Length);
            return;
        }

        // An unknown id is an acknowledgement that came after its sender gave up.
        _acks.Complete(ackId);
    }

    private Task DeliverAsync(ReadOnlyMemory<byte> payload, IEnumerable<HubConnectionContext> targets)
    {
        if (!BackplaneProtocol.TryReadInvocation(payload, out var invocation))
        {
            _logger.LogWarning("Dropped a malformed invocation ({Length} bytes) from the backplane", payload.Length);
            return Task.CompletedTask;
        }

        // The sender has written to its own connections directly.
        return invocation.OriginServerId == ServerId
            ? Task.CompletedTask
            : LocalDelivery.WriteAsync(targets, new SerializedHubMessage(invocation.Frames), invocation.ExcludedConnectionIds, _stopping.Token);
    }

    /// <summary>Serializes the invocation once per hub protocol: for this server's connections, and as the bus payload.</summary>
    private (SerializedHubMessage Message, byte[] Payload) Serialize(string methodName, object?[] args, IReadOnlyList<string>? excludedConnectionIds)
    {
        ArgumentNullException.ThrowIfNull(methodName);
        var invocation = new InvocationMessage(methodName, args);
        var frames = new List<SerializedMessage>();
        foreach (var protocol in _protocols.AllProtocols)
        {
            frames.Add(new SerializedMessage(protocol.Name, protocol.GetMessageBytes(invocation)));
        }

        return (new SerializedHubMessage(frames), BackplaneProtocol.WriteInvocation(ServerId, excludedConnectionIds, frames));
    }

    private async Task TryAsync(Task task, string what)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Backplane {Operation} failed", what);
        }
    }
}
