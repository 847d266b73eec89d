namespace Meeting.WebRtc.Rtcp;

/// <summary>RTCP packet types (the second byte of every RTCP packet).</summary>
/// <remarks>RFC 3550 §12.1, RFC 4585 §6.1</remarks>
public static class RtcpPacketType
{
    /// <summary>Sender report.</summary>
    public const byte SR = 200;

    /// <summary>Receiver report.</summary>
    public const byte RR = 201;

    /// <summary>Source description.</summary>
    public const byte SDES = 202;

    /// <summary>Goodbye.</summary>
    public const byte BYE = 203;

    /// <summary>Application-defined.</summary>
    public const byte APP = 204;

    /// <summary>Transport-layer feedback (RFC 4585 §6.2).</summary>
    public const byte RTPFB = 205;

    /// <summary>Payload-specific feedback (RFC 4585 §6.3).</summary>
    public const byte PSFB = 206;
}
