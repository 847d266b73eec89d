using System.Collections.Concurrent;

namespace Meeting.Server.Hubs;

/// <summary>The hub connections open on this server.</summary>
internal sealed class LocalConnections
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new();

    public int Count => _connections.Count;

    public void Add(ConnectionState state) => _connections[state.ConnectionId] = state;

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public ConnectionState? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>A moment's copy of the open connections.</summary>
    public IReadOnlyCollection<ConnectionState> Snapshot() => _connections.Values.ToArray();
}
