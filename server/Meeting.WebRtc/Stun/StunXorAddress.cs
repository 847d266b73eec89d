using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Meeting.WebRtc.Stun;

/// <summary>XOR-MAPPED-ADDRESS value coding: the port XORed with the cookie's top 16 bits, an IPv4
/// address with the cookie, an IPv6 address with the cookie followed by the transaction id.</summary>
/// <remarks>RFC 8489 §14.2</remarks>
internal sealed class StunXorAddress
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;
    public const int IPv4ValueLength = 8;
    public const int IPv6ValueLength = 20;

    /// <summary>Length of the value for this endpoint (8 for IPv4, 20 for IPv6).</summary>
    public static int GetValueLength(IPEndPoint endPoint) =>
        Normalize(endPoint.Address).AddressFamily == AddressFamily.InterNetwork ? IPv4ValueLength : IPv6ValueLength;

    /// <summary>Writes the value. An IPv4-mapped IPv6 address (what a dual-mode socket reports) is
    /// written as IPv4, the family the peer really uses.</summary>
    public static int Write(Span<byte> destination, IPEndPoint endPoint, StunTransactionId transactionId)
    {
        IPAddress address = Normalize(endPoint.Address);
        bool v4 = address.AddressFamily == AddressFamily.InterNetwork;
        int length = v4 ? IPv4ValueLength : IPv6ValueLength;
        destination[0] = 0;
        destination[1] = v4 ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(endPoint.Port ^ (int)(StunHeader.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        FillMask(mask, transactionId);
        Span<byte> raw = destination[4..length];
        address.TryWriteBytes(raw, out _);
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] ^= mask[i];
        }

        return length;
    }

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4)
        {
            return false;
        }

        byte family = value[1];
        int expected = family switch { FamilyIPv4 => IPv4ValueLength, FamilyIPv6 => IPv6ValueLength, _ => -1 };
        if (expected != value.Length)
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(StunHeader.MagicCookie >> 16);
        Span<byte> mask = stackalloc byte[16];
        FillMask(mask, transactionId);
        Span<byte> raw = stackalloc byte[expected - 4];
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(raw), port);
        return true;
    }

    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static void FillMask(Span<byte> mask, StunTransactionId transactionId)
    {
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunHeader.MagicCookie);
        transactionId.CopyTo(mask[4..]);
    }
}
