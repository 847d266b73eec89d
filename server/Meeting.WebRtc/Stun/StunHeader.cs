using System.Buffers.Binary;

namespace Meeting.WebRtc.Stun;

/// <summary>The fixed 20-byte STUN header: message type, length, magic cookie, transaction id.</summary>
/// <remarks>RFC 8489 §5, §6</remarks>
internal static class StunHeader
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;
    public const int TransactionIdOffset = 8;

    /// <summary>The largest datagram accepted. RFC 8489 §6.1 keeps STUN over UDP under the path MTU
    /// (548 bytes when unknown); ICE checks are ~100 bytes. 2048 leaves room for any sane sender while
    /// bounding the copy kept per parsed message and the stack buffer of the integrity check.</summary>
    public const int MaxMessageLength = 2048;

    /// <summary>Header checks every STUN entry point shares: top two bits zero, the magic cookie,
    /// and a length field that is a multiple of 4 and equals the bytes after the header.</summary>
    public static bool IsValid(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < HeaderLength || datagram.Length > MaxMessageLength)
        {
            return false;
        }

        if ((datagram[0] & 0xC0) != 0 || BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != MagicCookie)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        return (length & 3) == 0 && length == datagram.Length - HeaderLength;
    }

    /// <summary>Interleaves the 12 method bits with the class bits C0 (bit 4) and C1 (bit 8).</summary>
    /// <remarks>RFC 8489 §5, Figure 3</remarks>
    public static ushort EncodeType(StunClass cls, StunMethod method)
    {
        int m = (ushort)method & 0x0FFF;
        int c = (int)cls;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2)
            | ((c & 1) << 4) | ((c & 2) << 7));
    }

    public static (StunClass Class, StunMethod Method) DecodeType(ushort type)
    {
        int method = (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);
        int cls = ((type >> 4) & 1) | ((type >> 7) & 2);
        return ((StunClass)cls, (StunMethod)method);
    }
}
