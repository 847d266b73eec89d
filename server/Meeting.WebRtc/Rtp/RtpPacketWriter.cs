using System.Buffers.Binary;

namespace Meeting.WebRtc.Rtp;

/// <summary>In-place rewrites of the fields an SFU changes while forwarding, and a header builder.
/// The rewrites assume the span holds a packet whose header already parsed.</summary>
/// <remarks>RFC 3550 §5.1</remarks>
public static class RtpPacketWriter
{
    public static void WriteSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2, 2), sequenceNumber);

    public static void WriteTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4, 4), timestamp);

    public static void WriteSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8, 4), ssrc);

    /// <summary>Replaces the 7-bit payload type and keeps the marker bit.</summary>
    public static void WritePayloadType(Span<byte> packet, byte payloadType)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
    }

    public static void WriteMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)((packet[1] & 0x7F) | (marker ? 0x80 : 0));

    /// <summary>The size of the header <see cref="WriteHeader"/> writes.</summary>
    public static int GetHeaderSize(int csrcCount, ReadOnlySpan<byte> extensionBlock) =>
        RtpHeader.FixedHeaderLength + (4 * csrcCount) + extensionBlock.Length;

    /// <summary>Writes a version-2 header without padding. <paramref name="extensionBlock"/> is a
    /// whole header extension (its 4-byte profile/length header included, as
    /// <see cref="RtpExtensionWriter"/> builds it) or empty.</summary>
    /// <returns>The header's length, where the payload goes.</returns>
    public static int WriteHeader(
        Span<byte> destination,
        byte payloadType,
        bool marker,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        ReadOnlySpan<uint> csrcs = default,
        ReadOnlySpan<byte> extensionBlock = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(csrcs.Length, 15);
        if (!extensionBlock.IsEmpty && (extensionBlock.Length < 4 || extensionBlock.Length % 4 != 0))
        {
            throw new ArgumentException("A header extension is a 4-byte header and whole 32-bit words.", nameof(extensionBlock));
        }

        var size = GetHeaderSize(csrcs.Length, extensionBlock);
        if (destination.Length < size)
        {
            throw new ArgumentException($"The header needs {size} bytes.", nameof(destination));
        }

        destination[0] = (byte)((RtpHeader.Version2 << 6) | (extensionBlock.IsEmpty ? 0 : 0x10) | csrcs.Length);
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        WriteSequenceNumber(destination, sequenceNumber);
        WriteTimestamp(destination, timestamp);
        WriteSsrc(destination, ssrc);
        for (var i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(RtpHeader.CsrcOffset(i), 4), csrcs[i]);
        }

        extensionBlock.CopyTo(destination[RtpHeader.CsrcOffset(csrcs.Length)..]);
        return size;
    }
}
