namespace Meeting.Sfu;

/// <summary>Why an incoming datagram was dropped; the <c>cause</c> label of <c>meeting_sfu_packets_dropped_total</c>.</summary>
public enum DropCause
{
    /// <summary>Not STUN, DTLS, RTP or RTCP (RFC 7983), or a packet of one of those that does not parse.</summary>
    Malformed,

    /// <summary>A STUN message whose USERNAME names no transport of this server.</summary>
    UnknownIceUsername,

    /// <summary>A STUN check that failed MESSAGE-INTEGRITY or FINGERPRINT.</summary>
    IceAuthentication,

    /// <summary>DTLS, RTP or RTCP from an address ICE has not verified.</summary>
    AddressNotVerified,

    /// <summary>SRTP or SRTCP whose authentication tag does not verify.</summary>
    SrtpAuthentication,

    /// <summary>SRTP or SRTCP already received, or older than the replay window.</summary>
    Replay,

    /// <summary>RTP on an SSRC no producer of the transport announced.</summary>
    UnknownSsrc,

    /// <summary>Media before the DTLS handshake gave keys.</summary>
    NotConnected,

    /// <summary>DTLS datagrams beyond what the handshake's bounded queue holds.</summary>
    DtlsQueueFull,
}
