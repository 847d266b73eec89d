using System.Collections.Concurrent;
using Meeting.Server.Lifecycle;

namespace Meeting.Server.Hubs;

/// <summary>The hub connections open on this server.</summary>
internal sealed class LocalConnections : IDrainableConnections
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new();

    public int Count => _connections.Count;

    public void Add(ConnectionState state) => _connections[state.ConnectionId] = state;

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public ConnectionState? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>The open connections, read as they are: no copy, and a connection added or removed meanwhile may or may not be seen.</summary>
    public IEnumerable<ConnectionState> Live => _connections.Select(pair => pair.Value);

    /// <summary>A moment's copy of the open connections.</summary>
    public IReadOnlyCollection<ConnectionState> Snapshot() => _connections.Values.ToArray();

    public async Task SendAwayAsync(Func<CancellationToken, Task> pace, CancellationToken cancellationToken)
    {
        foreach (var connection in Snapshot())
        {
            connection.Abort?.Invoke();
            await pace(cancellationToken);
        }
    }
}
