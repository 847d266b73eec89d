namespace Meeting.Sfu.Internal;

/// <summary>
/// The one codec and header-extension table of every transport. The server is always the offerer, and
/// an answerer keeps the offerer's payload types (RFC 3264 §6.1), so every browser of a room sends with
/// the same payload types and a packet is forwarded without rewriting.
/// </summary>
internal static class RtpCapabilities
{
    public const byte OpusPayloadType = 111;
    public const byte VideoPayloadType = 96;
    public const byte VideoRtxPayloadType = 97;

    /// <summary>Header extension id of the transport-wide sequence number; negotiated on the m-lines the
    /// browser publishes into, so that the server can give its congestion control feedback.</summary>
    public const byte TransportWideCcId = 3;

    /// <summary>The SSRC the server's own RTCP (PLI, transport feedback) is sent from.</summary>
    public const uint ServerSsrc = 0x4D45_4554;

    public const string OpusParameters = "minptime=10;useinbandfec=1";
}
