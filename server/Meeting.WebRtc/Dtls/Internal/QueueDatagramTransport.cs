using Org.BouncyCastle.Tls;

namespace Meeting.WebRtc.Dtls.Internal;

/// <summary>BouncyCastle's <see cref="DatagramTransport"/> over a <see cref="DatagramQueue"/> (receive) and a
/// callback (send). Runs on the DTLS engine's own thread; only <see cref="Close"/> and the counters are touched
/// from elsewhere.</summary>
internal sealed class QueueDatagramTransport : DatagramTransport
{
    private readonly DatagramQueue _queue;
    private readonly Action<ReadOnlyMemory<byte>> _sendDatagram;
    private readonly int _mtu;
    private long _datagramsSent;
    private long _sendFailures;

    public QueueDatagramTransport(DatagramQueue queue, int mtu, Action<ReadOnlyMemory<byte>> sendDatagram)
    {
        _queue = queue;
        _mtu = mtu;
        _sendDatagram = sendDatagram;
    }

    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    public long SendFailures => Interlocked.Read(ref _sendFailures);

    public int GetReceiveLimit() => DtlsRecordFraming.MaxDatagramLength;

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>One datagram per call, or -1 when <paramref name="waitMillis"/> passes (0 waits without limit,
    /// as BouncyCastle's own UDP transport does).</summary>
    /// <exception cref="IOException">The queue was completed: the only way to stop BouncyCastle's loops, which
    /// otherwise retry a timed-out receive until their own deadline.</exception>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        TimeSpan timeout = waitMillis <= 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(waitMillis);
        while (true)
        {
            switch (_queue.TryDequeue(timeout, out byte[]? datagram))
            {
                case DatagramQueue.DequeueResult.Item when datagram!.Length <= buffer.Length:
                    datagram.CopyTo(buffer);
                    return datagram.Length;
                case DatagramQueue.DequeueResult.Item:
                    // Cannot happen (Enqueue bounds datagrams by the receive limit); drop rather than truncate.
                    continue;
                case DatagramQueue.DequeueResult.TimedOut:
                    return -1;
                default:
                    throw new IOException("The DTLS transport is closed.");
            }
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <summary>Hands a copy to the socket loop. A failing send is a lost datagram (DTLS retransmits); after
    /// <see cref="Close"/> nothing more goes out, so a torn-down transport sends no alert.</summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_queue.IsCompleted)
        {
            return;
        }

        try
        {
            _sendDatagram(buffer.ToArray());
            Interlocked.Increment(ref _datagramsSent);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _sendFailures);
        }
    }

    public void Close() => _queue.Complete();
}
