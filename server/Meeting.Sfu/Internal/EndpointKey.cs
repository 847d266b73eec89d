using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Meeting.Sfu.Internal;

/// <summary>A remote UDP address as a value, read straight from the socket's <see cref="SocketAddress"/>
/// so the receive path finds a datagram's transport without allocating an <see cref="IPEndPoint"/>.</summary>
internal readonly record struct EndpointKey(ulong High, ulong Low, int Port)
{
    public static EndpointKey From(SocketAddress address)
    {
        var raw = address.Buffer.Span[..address.Size];
        // sockaddr_in / sockaddr_in6: family (2 bytes, host order), port (2 bytes, network order), ...
        var port = BinaryPrimitives.ReadUInt16BigEndian(raw[2..4]);
        if (address.Family == AddressFamily.InterNetwork)
        {
            return new EndpointKey(0, BinaryPrimitives.ReadUInt32BigEndian(raw[4..8]), port);
        }

        // sockaddr_in6: flowinfo (4), address (16), scope id (4).
        return new EndpointKey(
            BinaryPrimitives.ReadUInt64BigEndian(raw[8..16]) | 1UL << 63,
            BinaryPrimitives.ReadUInt64BigEndian(raw[16..24]),
            port);
    }

    public static EndpointKey From(IPEndPoint endPoint) => From(endPoint.Serialize());
}
