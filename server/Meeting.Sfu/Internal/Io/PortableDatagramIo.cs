using System.Net;
using System.Net.Sockets;

namespace Meeting.Sfu.Internal.Io;

/// <summary>
/// One datagram per system call, for platforms without recvmmsg/sendmmsg. The socket is non-blocking,
/// so a batch ends when the kernel has nothing more queued, without asking it how much is queued.
/// </summary>
internal sealed class PortableDatagramIo : DatagramIo
{
    private readonly SocketAddress[] _receiveAddresses;
    private readonly SocketAddress[] _sendAddresses;

    public PortableDatagramIo(Socket socket, int batchSize, int sendSlots)
        : base(socket, batchSize, sendSlots)
    {
        socket.Blocking = false;
        var family = socket.AddressFamily;
        _receiveAddresses = [.. Enumerable.Range(0, batchSize).Select(_ => new SocketAddress(family))];
        _sendAddresses = [.. Enumerable.Range(0, sendSlots).Select(_ => new SocketAddress(family))];
    }

    public override int Receive()
    {
        var count = 0;
        while (count < BatchSize)
        {
            var address = _receiveAddresses[count];
            address.Size = address.Buffer.Length;
            try
            {
                ReceiveLengths[count] = Socket.ReceiveFrom(ReceivedBuffer(count), SocketFlags.None, address);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.MessageSize)
            {
                ReceiveLengths[count] = -1;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                // An ICMP port unreachable from a peer that went away; the next datagram may be fine.
                continue;
            }
            catch (SocketException)
            {
                break;
            }

            count++;
        }

        return count;
    }

    public override void ReceivedAddress(int index, SocketAddress address) => Copy(_receiveAddresses[index], address);

    public override SendResult Flush()
    {
        var result = default(SendResult);
        for (var i = 0; i < Pending; i++)
        {
            try
            {
                Socket.SendTo(SendBuffer(i).AsSpan(0, SendLengths[i]), SocketFlags.None, _sendAddresses[i]);
                result = result with { Sent = result.Sent + 1, Bytes = result.Bytes + SendLengths[i] };
            }
            catch (SocketException ex)
            {
                result = result with { Failed = result.Failed + 1, LastError = ex.SocketErrorCode };
            }
        }

        Pending = 0;
        return result;
    }

    protected override void StoreAddress(int index, SocketAddress to) => Copy(to, _sendAddresses[index]);

    private static void Copy(SocketAddress from, SocketAddress to)
    {
        to.Size = from.Size;
        from.Buffer.Span[..from.Size].CopyTo(to.Buffer.Span);
    }
}
