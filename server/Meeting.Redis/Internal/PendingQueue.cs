namespace Meeting.Redis.Internal;

/// <summary>
/// The FIFO of commands written and awaiting replies, in wire order. Not thread-safe: the owning connection guards
/// every call with its lock, the same lock under which commands are written, so queue order is wire order.
/// </summary>
internal sealed class PendingQueue
{
    private readonly Queue<PendingCommand> _queue = new();

    public int Count => _queue.Count;

    public void Enqueue(PendingCommand command) => _queue.Enqueue(command);

    /// <summary>The owners of the next <paramref name="count"/> replies; more replies than commands is a desync.</summary>
    public PendingCommand[] Dequeue(int count, RedisEndPoint endPoint)
    {
        if (_queue.Count < count)
        {
            throw new RedisProtocolException($"{endPoint} sent a reply that no command asked for.");
        }

        var owners = new PendingCommand[count];
        for (var i = 0; i < owners.Length; i++)
        {
            owners[i] = _queue.Dequeue();
        }

        return owners;
    }

    /// <summary>When the oldest command still waiting for its reply was written, or null when none waits.</summary>
    public long? OldestEnqueuedAt => _queue.TryPeek(out var oldest) ? oldest.EnqueuedAt : null;

    public PendingCommand[] DrainAll()
    {
        var all = _queue.ToArray();
        _queue.Clear();
        return all;
    }

    /// <summary>
    /// True when the oldest command is more than <paramref name="grace"/> ticks past its deadline and nothing at all
    /// has been received since that deadline: the server is gone or hung, or the link dropped silently.
    /// </summary>
    public bool IsStalled(long now, long grace, long lastReceived) =>
        _queue.TryPeek(out var oldest) && now - oldest.Deadline > grace && lastReceived < oldest.Deadline;

    /// <summary>Commands whose callers are still waiting past their deadline, with how many commands are ahead of each.</summary>
    public List<(PendingCommand Command, int Ahead)>? CollectExpired(long now)
    {
        List<(PendingCommand Command, int Ahead)>? expired = null;
        var position = 0;
        foreach (var pending in _queue)
        {
            if (!pending.IsDone && now >= pending.Deadline)
            {
                (expired ??= []).Add((pending, position));
            }

            position++;
        }

        return expired;
    }
}
