using System.Buffers.Binary;

namespace Meeting.WebRtc.Rtp;

/// <summary>A parsed RTP header: the fixed part, the CSRC list, the header extension's bounds and
/// the padding, as offsets into the packet it came from (nothing is copied).</summary>
/// <remarks>RFC 3550 §5.1, §5.3.1</remarks>
public readonly struct RtpHeader
{
    /// <summary>The fixed header (RFC 3550 §5.1).</summary>
    public const int FixedHeaderLength = 12;

    /// <summary>The only RTP version there is.</summary>
    public const int Version2 = 2;

    private readonly byte _first;
    private readonly byte _second;

    private RtpHeader(
        byte first,
        byte second,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        ushort extensionProfile,
        int extensionOffset,
        int extensionLength,
        int headerLength,
        int payloadLength,
        int paddingLength)
    {
        _first = first;
        _second = second;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        ExtensionProfile = extensionProfile;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
        HeaderLength = headerLength;
        PayloadLength = payloadLength;
        PaddingLength = paddingLength;
    }

    public int Version => _first >> 6;

    public bool HasPadding => (_first & 0x20) != 0;

    public bool HasExtension => (_first & 0x10) != 0;

    public int CsrcCount => _first & 0x0F;

    public bool Marker => (_second & 0x80) != 0;

    public byte PayloadType => (byte)(_second & 0x7F);

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    /// <summary>The "defined by profile" field of the header extension (0xBEDE or 0x100X for
    /// RFC 8285 elements); 0 without an extension.</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>Offset in the packet of the extension data, just after its 4-byte header; 0 without
    /// an extension.</summary>
    public int ExtensionOffset { get; }

    /// <summary>Length in bytes of the extension data (the wire's length in 32-bit words × 4).</summary>
    public int ExtensionLength { get; }

    /// <summary>Fixed header + CSRC list + header extension (with its own 4-byte header).</summary>
    public int HeaderLength { get; }

    public int PayloadOffset => HeaderLength;

    /// <summary>Payload bytes, padding excluded.</summary>
    public int PayloadLength { get; }

    /// <summary>Padding bytes at the end, the count byte included; 0 when the P bit is clear.</summary>
    public int PaddingLength { get; }

    /// <summary>The whole packet's length: header, payload and padding.</summary>
    public int PacketLength => HeaderLength + PayloadLength + PaddingLength;

    /// <summary>Offset of the CSRC with index <paramref name="index"/> (0 to <see cref="CsrcCount"/> - 1).</summary>
    public static int CsrcOffset(int index) => FixedHeaderLength + (4 * index);

    /// <summary>Reads one of the contributing sources from the packet this header was parsed from.</summary>
    public uint GetCsrc(ReadOnlySpan<byte> packet, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(CsrcOffset(index), 4));
    }

    /// <summary>Parses the header of <paramref name="packet"/>, which must be the whole packet
    /// (padding is counted back from its last byte).</summary>
    /// <remarks>RFC 3550 §5.1 (fixed header, padding), §5.3.1 (header extension)</remarks>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedHeaderLength)
        {
            return false;
        }

        var first = packet[0];
        if (first >> 6 != Version2)
        {
            return false;
        }

        var offset = FixedHeaderLength + (4 * (first & 0x0F));
        if (offset > packet.Length)
        {
            return false;
        }

        ushort profile = 0;
        var extensionOffset = 0;
        var extensionLength = 0;
        if ((first & 0x10) != 0)
        {
            if (offset + 4 > packet.Length)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset, 2));
            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2, 2));
            extensionOffset = offset + 4;
            if (extensionLength > packet.Length - extensionOffset)
            {
                return false;
            }

            offset = extensionOffset + extensionLength;
        }

        var padding = 0;
        if ((first & 0x20) != 0)
        {
            // §5.1: the last octet counts the padding, itself included, so zero is malformed.
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - offset)
            {
                return false;
            }
        }

        header = new RtpHeader(
            first,
            packet[1],
            BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4)),
            profile,
            extensionOffset,
            extensionLength,
            offset,
            packet.Length - offset - padding,
            padding);
        return true;
    }
}
