using Microsoft.AspNetCore.SignalR;

namespace Meeting.Server.Hubs;

/// <summary>Keeps a connection's <see cref="ConnectionState"/> in its SignalR context.</summary>
internal static class ConnectionStates
{
    private static readonly object Key = new();

    public static void Set(HubCallerContext context, ConnectionState state) => context.Items[Key] = state;

    public static ConnectionState Get(HubCallerContext context)
        => context.Items.TryGetValue(Key, out var state) && state is ConnectionState typed
            ? typed
            : throw new InvalidOperationException("The connection has no state; OnConnectedAsync did not run.");

    public static ConnectionState? Find(HubCallerContext context)
        => context.Items.TryGetValue(Key, out var state) ? state as ConnectionState : null;
}
