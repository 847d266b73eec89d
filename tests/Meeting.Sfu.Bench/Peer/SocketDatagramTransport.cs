using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace Meeting.Sfu.Bench.Peer;

/// <summary>BouncyCastle's view of the peer's connected UDP socket during the handshake: only DTLS
/// records (first byte 20-63, RFC 7983) reach the engine; STUN responses and early SRTCP are skipped.</summary>
internal sealed class SocketDatagramTransport(Socket socket) : DatagramTransport
{
    private const int Mtu = 1200;

    public int GetReceiveLimit() => 2048;

    public int GetSendLimit() => Mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        var deadline = Environment.TickCount64 + waitMillis;
        while (true)
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0 || !socket.Poll((int)Math.Min(left, int.MaxValue / 1000) * 1000, SelectMode.SelectRead))
            {
                return -1;
            }

            var length = socket.Receive(buffer);
            if (length > 0 && buffer[0] is >= 20 and <= 63)
            {
                return length;
            }
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer) => socket.Send(buffer);

    public void Close()
    {
    }
}
