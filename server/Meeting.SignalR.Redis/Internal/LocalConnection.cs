using Microsoft.AspNetCore.SignalR;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>
/// A connection held by this server, the groups it joined here, and its own channel's subscription. Closing it
/// and joining a group are atomic with each other, so a join racing the disconnect is either cleaned up by the
/// disconnect or refused.
/// </summary>
internal sealed class LocalConnection(HubConnectionContext context)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private bool _closed;

    public HubConnectionContext Context { get; } = context;

    public IAsyncDisposable? Subscription { get; set; }

    /// <summary>Records a join; false once the connection is closed.</summary>
    public bool TryJoin(string groupName)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _groups.Add(groupName);
            return true;
        }
    }

    public void Leave(string groupName)
    {
        lock (_lock)
        {
            _groups.Remove(groupName);
        }
    }

    /// <summary>Marks the connection closed and returns the groups it is to be removed from.</summary>
    public string[] Close()
    {
        lock (_lock)
        {
            _closed = true;
            return [.. _groups];
        }
    }
}
