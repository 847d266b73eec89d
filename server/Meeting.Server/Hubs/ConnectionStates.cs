using Microsoft.AspNetCore.SignalR;

namespace Meeting.Server.Hubs;

/// <summary>Finds a connection's <see cref="ConnectionState"/> among the <see cref="LocalConnections"/>.</summary>
/// <remarks>Not in the context's <c>Items</c>: SignalR creates that dictionary on first use, and it cost
/// every idle connection about half a kilobyte to hold one reference.</remarks>
internal static class ConnectionStates
{
    public static ConnectionState Get(this LocalConnections connections, HubCallerContext context)
        => connections.Find(context.ConnectionId)
            ?? throw new InvalidOperationException("The connection has no state; OnConnectedAsync did not run.");

    public static ConnectionState? Find(this LocalConnections connections, HubCallerContext context)
        => connections.Find(context.ConnectionId);
}
