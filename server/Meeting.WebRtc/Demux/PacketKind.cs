namespace Meeting.WebRtc.Demux;

/// <summary>What a datagram received on a WebRTC transport's single port carries.</summary>
/// <remarks>RFC 7983 §7</remarks>
public enum PacketKind
{
    /// <summary>Too short for its kind, or a first byte outside every range this stack speaks
    /// (ZRTP 16-19, TURN channel 64-79, reserved values).</summary>
    Unknown = 0,

    /// <summary>First byte 0-3 (RFC 8489 §6: the two top bits of a STUN message are zero).</summary>
    Stun,

    /// <summary>First byte 20-63 (a DTLS record's content type).</summary>
    Dtls,

    /// <summary>First byte 128-191 and a second byte outside the RTCP packet types.</summary>
    Rtp,

    /// <summary>First byte 128-191 and a second byte 192-223 (RFC 5761 §4).</summary>
    Rtcp,
}
