using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>
/// This server's members of each group (or each user's connections): sends read a snapshot without waiting,
/// and the bus channel of a key is subscribed while the key has a member here. The first member subscribes
/// before it counts as joined, so a send published after a join returns reaches it; the last member's leave
/// unsubscribes.
/// </summary>
internal sealed class MembershipTable : IAsyncDisposable
{
    private readonly Func<string, CancellationToken, Task<IAsyncDisposable>> _subscribe;
    private readonly ILogger _logger;
    private readonly string _kind;
    private readonly StripedAsyncLock _changes = new(32);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <param name="kind">"group" or "user", for logs.</param>
    /// <param name="subscribe">Subscribes the bus channel of a key.</param>
    /// <param name="logger">Where failed unsubscriptions go.</param>
    public MembershipTable(string kind, Func<string, CancellationToken, Task<IAsyncDisposable>> subscribe, ILogger logger)
    {
        _kind = kind;
        _subscribe = subscribe;
        _logger = logger;
    }

    /// <summary>The members of <paramref name="key"/> here; an array that is never changed afterwards.</summary>
    public HubConnectionContext[] GetMembers(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.Snapshot : [];
        }
    }

    /// <summary>
    /// Adds <paramref name="connection"/> to <paramref name="key"/> if <paramref name="admit"/>, asked inside the
    /// key's lock, agrees; subscribes the key first when it is new here. False when not admitted.
    /// </summary>
    public async Task<bool> AddAsync(string key, HubConnectionContext connection, Func<bool> admit, CancellationToken cancellationToken)
    {
        using var _ = await _changes.LockAsync(key, cancellationToken).ConfigureAwait(false);
        if (!admit())
        {
            return false;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                entry.Add(connection);
                return true;
            }
        }

        var subscription = await _subscribe(key, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var entry = new Entry(subscription);
            entry.Add(connection);
            _entries.Add(key, entry);
        }

        return true;
    }

    /// <summary>Removes the connection from <paramref name="key"/>, unsubscribing when it was the last member here.</summary>
    public async Task RemoveAsync(string key, string connectionId, CancellationToken cancellationToken)
    {
        using var _ = await _changes.LockAsync(key, cancellationToken).ConfigureAwait(false);
        IAsyncDisposable? subscription = null;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || !entry.Remove(connectionId))
            {
                return;
            }

            if (entry.IsEmpty)
            {
                _entries.Remove(key);
                subscription = entry.Subscription;
            }
        }

        if (subscription is not null)
        {
            await UnsubscribeAsync(key, subscription).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        KeyValuePair<string, Entry>[] entries;
        lock (_lock)
        {
            entries = [.. _entries];
            _entries.Clear();
        }

        foreach (var (key, entry) in entries)
        {
            await UnsubscribeAsync(key, entry.Subscription).ConfigureAwait(false);
        }

        _changes.Dispose();
    }

    private async Task UnsubscribeAsync(string key, IAsyncDisposable subscription)
    {
        try
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The bus forgets the channel anyway; at worst its messages keep arriving here and find no member.
            _logger.LogWarning(ex, "Unsubscribing {Kind} {Key} from the backplane failed", _kind, key);
        }
    }

    private sealed class Entry(IAsyncDisposable subscription)
    {
        private readonly Dictionary<string, HubConnectionContext> _members = new(StringComparer.Ordinal);

        public IAsyncDisposable Subscription { get; } = subscription;

        public HubConnectionContext[] Snapshot { get; private set; } = [];

        public bool IsEmpty => _members.Count == 0;

        public void Add(HubConnectionContext connection)
        {
            if (_members.TryAdd(connection.ConnectionId, connection))
            {
                Snapshot = [.. _members.Values];
            }
        }

        public bool Remove(string connectionId)
        {
            if (!_members.Remove(connectionId))
            {
                return false;
            }

            Snapshot = [.. _members.Values];
            return true;
        }
    }
}
