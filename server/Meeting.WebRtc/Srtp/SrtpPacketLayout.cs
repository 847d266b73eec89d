using System.Buffers.Binary;

namespace Meeting.WebRtc.Srtp;

/// <summary>Just enough RTP/RTCP header reading to find where SRTP's encryption starts. Never throws.</summary>
internal static class SrtpPacketLayout
{
    /// <summary>Fixed RTP header: V/P/X/CC, M/PT, sequence number, timestamp, SSRC.</summary>
    /// <remarks>RFC 3550 §5.1</remarks>
    public const int RtpFixedHeaderLength = 12;

    /// <summary>RTCP header plus the sender SSRC: the part of an SRTCP packet never encrypted.</summary>
    /// <remarks>RFC 3711 §3.4</remarks>
    public const int RtcpHeaderLength = 8;

    private const int Version = 2;

    /// <summary>Length of the RTP header that stays in the clear: fixed header, CSRCs and the header
    /// extension. False when the packet is not version 2 or its header runs past <paramref name="available"/>.</summary>
    /// <remarks>RFC 3550 §5.1, §5.3.1; RFC 3711 §3.1 (the header is authenticated, not encrypted).</remarks>
    public static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, int available, out int headerLength)
    {
        headerLength = 0;
        if (available < RtpFixedHeaderLength || packet[0] >> 6 != Version)
        {
            return false;
        }

        int length = RtpFixedHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (length + 4 > available)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > available)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    public static ushort ReadSequenceNumber(ReadOnlySpan<byte> rtp) => BinaryPrimitives.ReadUInt16BigEndian(rtp[2..]);

    public static uint ReadRtpSsrc(ReadOnlySpan<byte> rtp) => BinaryPrimitives.ReadUInt32BigEndian(rtp[8..]);

    public static uint ReadRtcpSsrc(ReadOnlySpan<byte> rtcp) => BinaryPrimitives.ReadUInt32BigEndian(rtcp[4..]);

    /// <summary>Whether an RTCP packet of <paramref name="length"/> bytes starts with a version-2 header and
    /// a sender SSRC. The length field is not checked against the packet: compound packets and the
    /// vectors of RFC 7714 §17 do not make it the whole length.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet, int length) =>
        length >= RtcpHeaderLength && packet[0] >> 6 == Version;
}
