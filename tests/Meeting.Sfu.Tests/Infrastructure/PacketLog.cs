namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>Everything of one kind a test peer received, in order, and a bounded wait for the first entry
/// (at or after a mark) that matches. Nothing is consumed by waiting, so a later assertion sees it all.</summary>
internal sealed class PacketLog<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource added;
        lock (_gate)
        {
            _items.Add(item);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.TrySetResult();
    }

    public IReadOnlyList<T> Snapshot(int from = 0)
    {
        lock (_gate)
        {
            return _items.Skip(from).ToArray();
        }
    }

    /// <summary>The first entry at index <paramref name="from"/> or later that matches; throws
    /// <see cref="TimeoutException"/> when none came within <paramref name="timeout"/>.</summary>
    public async Task<T> WaitAsync(Func<T, bool> match, int from = 0, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Bounds.Wait);
        var scanned = from;
        while (true)
        {
            Task added;
            lock (_gate)
            {
                for (; scanned < _items.Count; scanned++)
                {
                    if (match(_items[scanned]))
                    {
                        return _items[scanned];
                    }
                }

                added = _added.Task;
            }

            try
            {
                await added.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching {typeof(T).Name} within {(timeout ?? Bounds.Wait).TotalSeconds} s");
            }
        }
    }
}
