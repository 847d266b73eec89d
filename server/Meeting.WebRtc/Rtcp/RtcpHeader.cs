using System.Buffers.Binary;

namespace Meeting.WebRtc.Rtcp;

/// <summary>The 4-byte header every RTCP packet starts with.</summary>
/// <remarks>RFC 3550 §6.4.1 (V, P, RC/SC, PT, length), RFC 4585 §6.1 (the count is FMT in feedback)</remarks>
public readonly struct RtcpHeader : IEquatable<RtcpHeader>
{
    public const int Size = 4;

    public const int Version2 = 2;

    /// <summary>The largest value of the 5-bit count / FMT field.</summary>
    public const int MaximumCount = 31;

    public RtcpHeader(bool padding, int count, byte packetType, ushort length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaximumCount);
        Padding = padding;
        Count = (byte)count;
        PacketType = packetType;
        Length = length;
    }

    public int Version => Version2;

    /// <summary>The P bit: the packet's last byte counts padding bytes, itself included.</summary>
    public bool Padding { get; }

    /// <summary>RC, SC or (feedback) FMT.</summary>
    public byte Count { get; }

    /// <summary>Alias of <see cref="Count"/> for RTPFB/PSFB packets.</summary>
    public byte Format => Count;

    public byte PacketType { get; }

    /// <summary>The wire's length field: the packet's length in 32-bit words minus one.</summary>
    public ushort Length { get; }

    /// <summary>The packet's length in bytes, header and padding included.</summary>
    public int PacketLength => (Length + 1) * 4;

    /// <summary>The length field for a packet of <paramref name="packetLength"/> bytes (a multiple of 4).</summary>
    public static ushort LengthFor(int packetLength)
    {
        if (packetLength < Size || packetLength % 4 != 0 || packetLength > 65536 * 4)
        {
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength, "An RTCP packet is 4 to 262144 bytes in whole words.");
        }

        return (ushort)((packetLength / 4) - 1);
    }

    /// <summary>Parses the header and checks that the packet it announces fits in <paramref name="data"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        header = default;
        if (data.Length < Size || data[0] >> 6 != Version2)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length + 1) * 4 > data.Length)
        {
            return false;
        }

        header = new RtcpHeader((data[0] & 0x20) != 0, data[0] & 0x1F, data[1], length);
        return true;
    }

    public int GetSize() => Size;

    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("An RTCP header needs 4 bytes.", nameof(destination));
        }

        destination[0] = (byte)((Version2 << 6) | (Padding ? 0x20 : 0) | Count);
        destination[1] = PacketType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Length);
        return Size;
    }

    public bool Equals(RtcpHeader other) =>
        Padding == other.Padding && Count == other.Count && PacketType == other.PacketType && Length == other.Length;

    public override bool Equals(object? obj) => obj is RtcpHeader other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Padding, Count, PacketType, Length);

    public static bool operator ==(RtcpHeader left, RtcpHeader right) => left.Equals(right);

    public static bool operator !=(RtcpHeader left, RtcpHeader right) => !left.Equals(right);
}
