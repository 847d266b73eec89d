using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>
/// The connections this server holds, with their groups and users, and the bus subscriptions that follow them:
/// a connection's own channel while it is here, a group's or user's channel while it has a member here.
/// </summary>
internal sealed class LocalConnectionRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);
    private readonly Func<string, CancellationToken, Task<IAsyncDisposable>> _subscribeConnection;
    private readonly MembershipTable _groups;
    private readonly MembershipTable _users;
    private readonly ILogger _logger;

    /// <param name="subscribeConnection">Subscribes the channel of a connection id.</param>
    /// <param name="subscribeGroup">Subscribes the channel of a group name.</param>
    /// <param name="subscribeUser">Subscribes the channel of a user id.</param>
    /// <param name="logger">Where failures that must not fail a disconnect go.</param>
    public LocalConnectionRegistry(
        Func<string, CancellationToken, Task<IAsyncDisposable>> subscribeConnection,
        Func<string, CancellationToken, Task<IAsyncDisposable>> subscribeGroup,
        Func<string, CancellationToken, Task<IAsyncDisposable>> subscribeUser,
        ILogger logger)
    {
        _subscribeConnection = subscribeConnection;
        _groups = new MembershipTable("group", subscribeGroup, logger);
        _users = new MembershipTable("user", subscribeUser, logger);
        _logger = logger;
    }

    // Enumerating the dictionary itself takes no lock, unlike its Values snapshot.
    public IEnumerable<HubConnectionContext> All => _connections.Select(static pair => pair.Value.Context);

    public bool TryGet(string connectionId, out HubConnectionContext connection)
    {
        var found = _connections.TryGetValue(connectionId, out var local);
        connection = local?.Context!;
        return found;
    }

    public bool Contains(string connectionId) => _connections.ContainsKey(connectionId);

    public HubConnectionContext[] GroupMembers(string groupName) => _groups.GetMembers(groupName);

    public HubConnectionContext[] UserConnections(string userId) => _users.GetMembers(userId);

    /// <summary>Registers the connection and subscribes its channels; on failure nothing is left behind.</summary>
    public async Task AddAsync(HubConnectionContext connection, CancellationToken cancellationToken)
    {
        var local = new LocalConnection(connection);
        if (!_connections.TryAdd(connection.ConnectionId, local))
        {
            throw new InvalidOperationException($"Connection {connection.ConnectionId} is already connected.");
        }

        try
        {
            local.Subscription = await _subscribeConnection(connection.ConnectionId, cancellationToken).ConfigureAwait(false);
            if (connection.UserIdentifier is { } user)
            {
                await _users.AddAsync(user, connection, static () => true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await RemoveAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Forgets the connection, its groups and its user here; never throws, since a disconnect must finish.</summary>
    public async Task RemoveAsync(HubConnectionContext connection)
    {
        if (!_connections.TryRemove(connection.ConnectionId, out var local))
        {
            return;
        }

        foreach (var group in local.Close())
        {
            await TryAsync(_groups.RemoveAsync(group, connection.ConnectionId, CancellationToken.None), "leave group").ConfigureAwait(false);
        }

        if (connection.UserIdentifier is { } user)
        {
            await TryAsync(_users.RemoveAsync(user, connection.ConnectionId, CancellationToken.None), "leave user").ConfigureAwait(false);
        }

        if (local.Subscription is { } subscription)
        {
            await TryAsync(subscription.DisposeAsync().AsTask(), "unsubscribe connection").ConfigureAwait(false);
        }
    }

    /// <summary>Adds a connection held here to a group; false when it is not (or no longer) here.</summary>
    public async Task<bool> JoinAsync(string connectionId, string groupName, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(connectionId, out var local))
        {
            return false;
        }

        try
        {
            // Admitted inside the group's lock, so that a disconnect running alongside either sees the group or refuses it.
            await _groups.AddAsync(groupName, local.Context, () => local.TryJoin(groupName), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            local.Leave(groupName);
            throw;
        }

        return true;
    }

    /// <summary>Removes a connection held here from a group; false when it is not here.</summary>
    public async Task<bool> LeaveAsync(string connectionId, string groupName, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(connectionId, out var local))
        {
            return false;
        }

        local.Leave(groupName);
        await _groups.RemoveAsync(groupName, connectionId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var local in _connections.Values)
        {
            if (local.Subscription is { } subscription)
            {
                await TryAsync(subscription.DisposeAsync().AsTask(), "unsubscribe connection").ConfigureAwait(false);
            }
        }

        _connections.Clear();
        await _groups.DisposeAsync().ConfigureAwait(false);
        await _users.DisposeAsync().ConfigureAwait(false);
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
