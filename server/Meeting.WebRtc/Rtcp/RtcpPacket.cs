using System.Buffers.Binary;

namespace Meeting.WebRtc.Rtcp;

/// <summary>What every RTCP packet type shares: finding its body between the common header and the
/// padding, and checking the writer's buffer.</summary>
/// <remarks>RFC 3550 §6.4.1</remarks>
internal static class RtcpPacket
{
    /// <summary>Parses the common header, checks the type (and the FMT when
    /// <paramref name="format"/> is not negative), and returns the bytes after the 4-byte header
    /// with any padding removed.</summary>
    public static bool TryGetBody(ReadOnlySpan<byte> packet, byte packetType, int format, out RtcpHeader header, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!RtcpHeader.TryParse(packet, out header) || header.PacketType != packetType || (format >= 0 && header.Format != format))
        {
            return false;
        }

        var end = header.PacketLength;
        if (header.Padding)
        {
            int padding = packet[end - 1];
            if (padding == 0 || padding > end - RtcpHeader.Size)
            {
                return false;
            }

            end -= padding;
        }

        body = packet[RtcpHeader.Size..end];
        return true;
    }

    /// <summary>Checks the destination and writes the common header of a packet without padding.</summary>
    public static void WriteHeader(Span<byte> destination, int size, int count, byte packetType)
    {
        if (destination.Length < size)
        {
            throw new ArgumentException($"The packet needs {size} bytes.", nameof(destination));
        }

        new RtcpHeader(false, count, packetType, RtcpHeader.LengthFor(size)).WriteTo(destination);
    }

    /// <summary>Header, SSRC of packet sender, SSRC of media source (RFC 4585 §6.1).</summary>
    public const int FeedbackFixedSize = 12;

    /// <summary>Parses the common feedback header and returns the FCI.</summary>
    /// <remarks>RFC 4585 §6.1</remarks>
    public static bool TryGetFeedback(ReadOnlySpan<byte> packet, byte packetType, int format, out uint senderSsrc, out uint mediaSsrc, out ReadOnlySpan<byte> fci)
    {
        senderSsrc = 0;
        mediaSsrc = 0;
        fci = default;
        if (!TryGetBody(packet, packetType, format, out _, out var body) || body.Length < FeedbackFixedSize - RtcpHeader.Size)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        fci = body[8..];
        return true;
    }

    public static void WriteFeedbackHeader(Span<byte> destination, int size, int format, byte packetType, uint senderSsrc, uint mediaSsrc)
    {
        WriteHeader(destination, size, format, packetType);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
    }
}
