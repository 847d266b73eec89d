using Microsoft.Extensions.Logging;

namespace Meeting.Redis.Internal;

/// <summary>
/// The idempotent writes that no replica has confirmed yet (their WAIT came back short), kept so that they can be
/// written again on the next connection, before that connection is handed to anyone. A planned failover is why:
/// the old master goes on accepting writes after the replica was promoted, until the client hears of the switch;
/// those writes are acknowledged (the replica is "missing") and then thrown away when the old master is demoted.
/// Written again on the new master, they survive. An entry leaves the log once a WAIT sent after it on the same
/// connection counts enough replicas (replication is ordered, so that WAIT covers it), when the server refuses it,
/// or when it was never sent at all. Bounded: past <c>limit</c> entries the oldest is dropped, with a warning.
/// </summary>
internal sealed class ReplayLog
{
    private readonly int _limit;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly LinkedList<Entry> _entries = new();
    private long _sendTickets;
    private long _dropped;

    public ReplayLog(int limit, ILogger logger)
    {
        _limit = limit;
        _logger = logger;
    }

    /// <summary>How many writes wait for a replica's confirmation.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>How many unconfirmed writes were dropped because the log was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Logs a write before it is sent, so that no switch can come between sending and logging.</summary>
    public Entry Add(RedisCommand command)
    {
        var entry = new Entry(command);
        Entry? dropped = null;
        lock (_lock)
        {
            if (_limit == 0)
            {
                return entry;
            }

            entry.Node = _entries.AddLast(entry);
            if (_entries.Count > _limit)
            {
                dropped = _entries.First!.Value;
                _entries.RemoveFirst();
                dropped.Node = null;
            }
        }

        if (dropped is not null)
        {
            Interlocked.Increment(ref _dropped);
            _logger.LogWarning("The replay log is full ({Limit} writes no replica confirmed): dropped the oldest, {Command}", _limit, dropped.Command.Name);
        }

        return entry;
    }

    /// <summary>Tries to send the entry's command on <paramref name="connection"/> and records where and when it went.</summary>
    public bool TrySend(Entry entry, PhysicalConnection connection, CancellationToken cancellationToken, out Task<RedisReply> reply)
    {
        // The ticket is taken under the lock after the write is queued: any entry holding a ticket up to a WAIT's
        // snapshot was on the wire before that WAIT.
        if (!connection.TryExecute(entry.Command, cancellationToken, out reply))
        {
            return false;
        }

        lock (_lock)
        {
            entry.SentOn = connection;
            entry.Ticket = ++_sendTickets;
        }

        return true;
    }

    /// <summary>The ticket a WAIT about to be sent on a connection covers.</summary>
    public long Snapshot()
    {
        lock (_lock)
        {
            return _sendTickets;
        }
    }

    /// <summary>A WAIT sent after <paramref name="snapshot"/> on <paramref name="connection"/> counted enough replicas.</summary>
    public void Confirm(PhysicalConnection connection, long snapshot)
    {
        lock (_lock)
        {
            var node = _entries.First;
            while (node is not null)
            {
                var next = node.Next;
                if (node.Value.SentOn == connection && node.Value.Ticket <= snapshot)
                {
                    _entries.Remove(node);
                    node.Value.Node = null;
                }

                node = next;
            }
        }
    }

    /// <summary>Takes the entry out: the server refused it, or it was never sent, so it did not run.</summary>
    public void Remove(Entry entry)
    {
        lock (_lock)
        {
            if (entry.Node is { } node)
            {
                _entries.Remove(node);
                entry.Node = null;
            }
        }
    }

    /// <summary>
    /// The connection's set-up step: writes every unconfirmed entry again, in log order, and waits for the replies.
    /// A refused entry is dropped; a connection failure fails the set-up, so the supervisor connects again and the
    /// entries stay for the next attempt.
    /// </summary>
    public async Task ReplayAsync(PhysicalConnection connection, CancellationToken cancellationToken)
    {
        List<Entry> entries;
        lock (_lock)
        {
            entries = [.. _entries];
        }

        if (entries.Count == 0)
        {
            return;
        }

        var replies = new List<(Entry Entry, Task<RedisReply> Reply)>(entries.Count);
        foreach (var entry in entries)
        {
            if (!TrySend(entry, connection, cancellationToken, out var reply))
            {
                throw new RedisConnectionException($"The connection to {connection.EndPoint} closed while writing unconfirmed writes again.");
            }

            replies.Add((entry, reply));
        }

        var refused = 0;
        foreach (var (entry, reply) in replies)
        {
            try
            {
                await reply.ConfigureAwait(false);
            }
            catch (RedisServerException ex)
            {
                refused++;
                Remove(entry);
                _logger.LogWarning("{EndPoint} refused a replayed {Command}: {Reason}", connection.EndPoint, entry.Command.Name, ex.Message);
            }
        }

        _logger.LogInformation(
            "Wrote {Count} writes no replica had confirmed again on {EndPoint} ({Refused} refused)", entries.Count, connection.EndPoint, refused);
    }

    /// <summary>One logged write.</summary>
    internal sealed class Entry(RedisCommand command)
    {
        public RedisCommand Command { get; } = command;

        public LinkedListNode<Entry>? Node { get; set; }

        public PhysicalConnection? SentOn { get; set; }

        public long Ticket { get; set; }
    }
}
