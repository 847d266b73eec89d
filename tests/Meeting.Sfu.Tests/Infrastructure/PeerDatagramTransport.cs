using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Meeting.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>BouncyCastle's view of the test peer's UDP socket: it sends DTLS straight to the server and
/// receives the DTLS records the peer's receive loop picked out of everything arriving (RFC 7983).</summary>
internal sealed class PeerDatagramTransport : DatagramTransport
{
    private readonly BlockingCollection<byte[]> _inbox = new(boundedCapacity: 256);
    private readonly Socket _socket;
    private readonly IPEndPoint _server;

    public PeerDatagramTransport(Socket socket, IPEndPoint server)
    {
        _socket = socket;
        _server = server;
    }

    public void Deliver(byte[] datagram)
    {
        if (!_inbox.IsAddingCompleted)
        {
            _inbox.TryAdd(datagram);
        }
    }

    public int GetReceiveLimit() => DtlsRecordFraming.MaxDatagramLength;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (_inbox.IsCompleted)
        {
            throw new IOException("The peer's DTLS transport is closed.");
        }

        try
        {
            if (!_inbox.TryTake(out byte[]? datagram, waitMillis <= 0 ? Timeout.Infinite : waitMillis))
            {
                return -1;
            }

            var length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
        catch (InvalidOperationException)
        {
            throw new IOException("The peer's DTLS transport is closed.");
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        try
        {
            _socket.SendTo(buffer, SocketFlags.None, _server);
        }
        catch (ObjectDisposedException)
        {
            throw new IOException("The peer's socket is closed.");
        }
    }

    public void Close() => _inbox.CompleteAdding();
}
