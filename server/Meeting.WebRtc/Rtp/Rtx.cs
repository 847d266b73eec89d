using System.Buffers.Binary;

namespace Meeting.WebRtc.Rtp;

/// <summary>RTP retransmission payload format: the retransmission stream carries the original
/// header (own SSRC, sequence number, payload type) and, before the original payload, the original
/// sequence number (OSN).</summary>
/// <remarks>RFC 4588 §4</remarks>
public static class Rtx
{
    /// <summary>Length of the OSN field.</summary>
    public const int OsnLength = 2;

    /// <summary>The largest packet <see cref="Wrap"/> can produce from <paramref name="originalLength"/> bytes.</summary>
    public static int GetWrappedSize(int originalLength) => originalLength + OsnLength;

    /// <summary>Builds the retransmission of <paramref name="original"/>: header copied with its
    /// CSRCs and extensions, padding dropped, OSN inserted before the payload.</summary>
    /// <returns>The RTX packet's length; 0 when <paramref name="original"/> is not an RTP packet or
    /// <paramref name="destination"/> is too short.</returns>
    public static int Wrap(ReadOnlySpan<byte> original, Span<byte> destination, uint rtxSsrc, byte rtxPayloadType, ushort rtxSequenceNumber)
    {
        if (rtxPayloadType > 127 || !RtpHeader.TryParse(original, out var header))
        {
            return 0;
        }

        var length = header.HeaderLength + OsnLength + header.PayloadLength;
        if (destination.Length < length || Overlaps(original, destination))
        {
            return 0;
        }

        original[..header.HeaderLength].CopyTo(destination);
        destination[0] &= 0xDF;
        RtpPacketWriter.WritePayloadType(destination, rtxPayloadType);
        RtpPacketWriter.WriteSequenceNumber(destination, rtxSequenceNumber);
        RtpPacketWriter.WriteSsrc(destination, rtxSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(header.HeaderLength, OsnLength), header.SequenceNumber);
        original.Slice(header.PayloadOffset, header.PayloadLength).CopyTo(destination[(header.HeaderLength + OsnLength)..]);
        return length;
    }

    /// <summary>Restores the original packet from a retransmission.</summary>
    /// <returns>False when <paramref name="rtx"/> is not RTP, has no OSN, or
    /// <paramref name="destination"/> is too short.</returns>
    public static bool TryUnwrap(ReadOnlySpan<byte> rtx, Span<byte> destination, byte originalPayloadType, uint originalSsrc, out int length)
    {
        length = 0;
        if (originalPayloadType > 127 || !RtpHeader.TryParse(rtx, out var header) || header.PayloadLength < OsnLength)
        {
            return false;
        }

        var total = header.HeaderLength + header.PayloadLength - OsnLength;
        if (destination.Length < total || Overlaps(rtx, destination))
        {
            return false;
        }

        var osn = BinaryPrimitives.ReadUInt16BigEndian(rtx.Slice(header.PayloadOffset, OsnLength));
        rtx[..header.HeaderLength].CopyTo(destination);
        destination[0] &= 0xDF;
        RtpPacketWriter.WritePayloadType(destination, originalPayloadType);
        RtpPacketWriter.WriteSequenceNumber(destination, osn);
        RtpPacketWriter.WriteSsrc(destination, originalSsrc);
        rtx.Slice(header.PayloadOffset + OsnLength, header.PayloadLength - OsnLength).CopyTo(destination[header.HeaderLength..]);
        length = total;
        return true;
    }

    // The payload moves by two bytes, so an in-place wrap would overwrite what it still has to copy.
    private static bool Overlaps(ReadOnlySpan<byte> source, Span<byte> destination) => source.Overlaps(destination);
}
