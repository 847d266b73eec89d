namespace Meeting.WebRtc.Dtls.Internal;

/// <summary>A bounded FIFO of datagram copies between the socket loop (which must never block) and the
/// thread that runs BouncyCastle's blocking DTLS engine.</summary>
internal sealed class DatagramQueue
{
    private readonly object _gate = new();
    private readonly Queue<byte[]> _items;
    private readonly int _capacity;
    private bool _completed;

    public DatagramQueue(int capacity)
    {
        _capacity = capacity;
        _items = new Queue<byte[]>(capacity);
    }

    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

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

    /// <summary>Copies <paramref name="datagram"/> in; false (nothing kept) when full or completed.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        lock (_gate)
        {
            if (_completed || _items.Count >= _capacity)
            {
                return false;
            }

            _items.Enqueue(datagram.ToArray());
            Monitor.Pulse(_gate);
            return true;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> (infinite when negative) for a datagram.</summary>
    /// <returns><see cref="DequeueResult.Item"/>, <see cref="DequeueResult.TimedOut"/>, or
    /// <see cref="DequeueResult.Completed"/> once <see cref="Complete"/> was called (queued items are discarded
    /// then: nobody wants them).</returns>
    public DequeueResult TryDequeue(TimeSpan timeout, out byte[]? datagram)
    {
        datagram = null;
        long deadline = timeout < TimeSpan.Zero ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (true)
            {
                if (_completed)
                {
                    return DequeueResult.Completed;
                }

                if (_items.TryDequeue(out datagram))
                {
                    return DequeueResult.Item;
                }

                long remaining = deadline == long.MaxValue ? Timeout.Infinite : deadline - Environment.TickCount64;
                if (deadline != long.MaxValue && remaining <= 0)
                {
                    return DequeueResult.TimedOut;
                }

                Monitor.Wait(_gate, remaining == Timeout.Infinite ? Timeout.Infinite : (int)Math.Min(remaining, int.MaxValue));
            }
        }
    }

    /// <summary>Refuses further datagrams and wakes the waiting reader.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _items.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    internal enum DequeueResult
    {
        Item,
        TimedOut,
        Completed,
    }
}
