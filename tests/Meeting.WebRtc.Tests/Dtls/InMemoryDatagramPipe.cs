using System.Collections.Concurrent;
using Meeting.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Meeting.WebRtc.Tests.Dtls;

/// <summary>Connects a BouncyCastle DTLS client to a <see cref="DtlsServerTransport"/> in memory: the client's
/// datagrams go to <see cref="DtlsServerTransport.Enqueue"/>, the server's come back through
/// <see cref="DeliverToClient"/>. Every datagram each way is recorded for assertions.</summary>
internal sealed class InMemoryDatagramPipe : DatagramTransport
{
    private readonly BlockingCollection<byte[]> _toClient = new(boundedCapacity: 1024);
    private readonly ConcurrentQueue<byte[]> _clientSent = new();
    private readonly ConcurrentQueue<byte[]> _serverSent = new();
    private readonly int _clientMtu;
    private DtlsServerTransport? _server;

    public InMemoryDatagramPipe(int clientMtu = 1200)
    {
        _clientMtu = clientMtu;
    }

    /// <summary>Datagrams the client sent, in order.</summary>
    public IReadOnlyList<byte[]> ClientSent => _clientSent.ToArray();

    /// <summary>Datagrams the server sent, in order.</summary>
    public IReadOnlyList<byte[]> ServerSent => _serverSent.ToArray();

    /// <summary>How many client datagrams the server's Enqueue refused.</summary>
    public int RefusedByServer { get; private set; }

    /// <summary>When set, client datagrams are dropped instead of delivered (a silent or lossy client).</summary>
    public Func<byte[], bool>? DropClientDatagram { get; set; }

    /// <summary>When set, server datagrams for which it returns true never reach the client (loss).</summary>
    public Func<byte[], bool>? DropServerDatagram { get; set; }

    public void Attach(DtlsServerTransport server) => _server = server;

    /// <summary>The server's send callback.</summary>
    public void DeliverToClient(ReadOnlyMemory<byte> datagram)
    {
        byte[] copy = datagram.ToArray();
        _serverSent.Enqueue(copy);
        if (DropServerDatagram?.Invoke(copy) != true && !_toClient.IsAddingCompleted)
        {
            _toClient.TryAdd(copy);
        }
    }

    public int GetReceiveLimit() => DtlsRecordFraming.MaxDatagramLength;

    public int GetSendLimit() => _clientMtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        // A completed pipe throws: returning -1 would make BouncyCastle spin until its own deadline.
        if (_toClient.IsCompleted)
        {
            throw new IOException("The pipe is closed.");
        }

        try
        {
            if (!_toClient.TryTake(out byte[]? datagram, waitMillis <= 0 ? Timeout.Infinite : waitMillis))
            {
                return -1;
            }

            datagram.CopyTo(buffer);
            return datagram.Length;
        }
        catch (InvalidOperationException)
        {
            throw new IOException("The pipe is closed.");
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        byte[] copy = buffer.ToArray();
        _clientSent.Enqueue(copy);
        if (DropClientDatagram?.Invoke(copy) == true || _server is null)
        {
            return;
        }

        if (!_server.Enqueue(copy))
        {
            RefusedByServer++;
        }
    }

    public void Close() => _toClient.CompleteAdding();
}
