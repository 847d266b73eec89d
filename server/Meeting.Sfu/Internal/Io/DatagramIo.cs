using System.Net;
using System.Net.Sockets;

namespace Meeting.Sfu.Internal.Io;

/// <summary>
/// The media socket seen as batches: <see cref="Receive"/> fills up to <see cref="BatchSize"/> receive
/// slots without blocking, and sends are written into send slots that <see cref="Flush"/> hands to the
/// kernel together. Every slot buffer is allocated once (pinned, so the Linux batch calls can point at
/// it), which is what keeps the forwarding path free of allocations. Only the media loop thread uses
/// an instance; other threads send straight through the socket.
/// </summary>
internal abstract class DatagramIo : IDisposable
{
    public const int MaxDatagram = 2048;

    private readonly byte[][] _receiveBuffers;
    private readonly byte[][] _sendBuffers;

    protected DatagramIo(Socket socket, int batchSize, int sendSlots)
    {
        Socket = socket;
        BatchSize = batchSize;
        _receiveBuffers = Allocate(batchSize);
        _sendBuffers = Allocate(sendSlots);
        ReceiveLengths = new int[batchSize];
        SendLengths = new int[sendSlots];
    }

    public int BatchSize { get; }

    /// <summary>Datagrams written into send slots and not flushed yet.</summary>
    public int Pending { get; protected set; }

    protected Socket Socket { get; }

    protected int[] ReceiveLengths { get; }

    protected int[] SendLengths { get; }

    protected int SendSlots => _sendBuffers.Length;

    /// <summary>Picks the batch calls of the platform: recvmmsg/sendmmsg on 64-bit Linux, one datagram per
    /// call elsewhere.</summary>
    public static DatagramIo Create(Socket socket, int batchSize, int sendSlots) =>
        MmsgDatagramIo.IsSupported
            ? new MmsgDatagramIo(socket, batchSize, sendSlots)
            : new PortableDatagramIo(socket, batchSize, sendSlots);

    /// <summary>Reads up to <see cref="BatchSize"/> datagrams that are already queued; 0 when none is.</summary>
    public abstract int Receive();

    /// <summary>Slot <paramref name="index"/> of the last <see cref="Receive"/>: its buffer (the datagram
    /// starts at 0) and length; -1 when the datagram was larger than the buffer (truncated).</summary>
    public byte[] ReceivedBuffer(int index) => _receiveBuffers[index];

    public int ReceivedLength(int index) => ReceiveLengths[index];

    /// <summary>Copies the source address of slot <paramref name="index"/> into <paramref name="address"/>.</summary>
    public abstract void ReceivedAddress(int index, SocketAddress address);

    /// <summary>The buffer of the next send slot, flushing first when every slot is taken. Write the
    /// datagram at 0, then <see cref="Commit"/> it; an uncommitted slot is simply reused.</summary>
    public byte[] NextSendBuffer(out SendResult flushed)
    {
        flushed = Pending == SendSlots ? Flush() : default;
        return _sendBuffers[Pending];
    }

    /// <summary>Queues the datagram written into <see cref="NextSendBuffer"/>'s slot for <paramref name="to"/>.</summary>
    public void Commit(int length, SocketAddress to)
    {
        SendLengths[Pending] = length;
        StoreAddress(Pending, to);
        Pending++;
    }

    /// <summary>Hands every queued datagram to the kernel. A datagram the kernel refuses costs only
    /// itself: media tolerates loss.</summary>
    public abstract SendResult Flush();

    public virtual void Dispose()
    {
    }

    protected byte[] SendBuffer(int index) => _sendBuffers[index];

    protected abstract void StoreAddress(int index, SocketAddress to);

    private static byte[][] Allocate(int count)
    {
        var buffers = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            buffers[i] = GC.AllocateArray<byte>(MaxDatagram, pinned: true);
        }

        return buffers;
    }
}

/// <summary>What one <see cref="DatagramIo.Flush"/> did.</summary>
internal readonly record struct SendResult(int Sent, long Bytes, int Failed, SocketError LastError);
