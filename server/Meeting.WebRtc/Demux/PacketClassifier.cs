namespace Meeting.WebRtc.Demux;

/// <summary>Tells STUN, DTLS, RTP and RTCP apart on a port that multiplexes them all.</summary>
/// <remarks>RFC 7983 §7 (first-byte ranges), RFC 5761 §4 (RTP versus RTCP by the second byte).</remarks>
public static class PacketClassifier
{
    /// <summary>A STUN message header (RFC 8489 §5).</summary>
    public const int MinimumStunLength = 20;

    /// <summary>A DTLS record header (RFC 6347 §4.1).</summary>
    public const int MinimumDtlsLength = 13;

    /// <summary>The RTP fixed header (RFC 3550 §5.1).</summary>
    public const int MinimumRtpLength = 12;

    /// <summary>The RTCP common header plus the sender's SSRC (RFC 3550 §6.4).</summary>
    public const int MinimumRtcpLength = 8;

    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        var first = datagram[0];
        if (first <= 3)
        {
            return datagram.Length >= MinimumStunLength ? PacketKind.Stun : PacketKind.Unknown;
        }

        if (first is >= 20 and <= 63)
        {
            return datagram.Length >= MinimumDtlsLength ? PacketKind.Dtls : PacketKind.Unknown;
        }

        if (first is >= 128 and <= 191)
        {
            // RFC 5761 §4: RTCP packet types 192-223 never collide with an RTP payload type
            // (0-127) seen with or without the marker bit, once 64-95 are left unused for RTP.
            if (datagram.Length >= 2 && datagram[1] is >= 192 and <= 223)
            {
                return datagram.Length >= MinimumRtcpLength ? PacketKind.Rtcp : PacketKind.Unknown;
            }

            return datagram.Length >= MinimumRtpLength ? PacketKind.Rtp : PacketKind.Unknown;
        }

        return PacketKind.Unknown;
    }
}
