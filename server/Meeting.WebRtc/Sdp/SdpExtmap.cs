namespace Meeting.WebRtc.Sdp;

/// <summary>a=extmap: an RTP header extension and the id it is sent with.</summary>
/// <remarks>RFC 8285 §5: a=extmap:&lt;value&gt;["/"&lt;direction&gt;] &lt;URI&gt; &lt;extensionattributes&gt;.
/// Ids 1-14 fit the one-byte header, 1-255 the two-byte header; the 4096-4351 range RFC 8285 keeps for
/// negotiation is refused, no browser writes it.</remarks>
/// <param name="Id">The local identifier, 1-255.</param>
/// <param name="Uri">The extension's name, e.g. "urn:ietf:params:rtp-hdrext:sdes:mid".</param>
/// <param name="Direction">The optional direction (Firefox writes e.g. "2/recvonly").</param>
/// <param name="Attributes">Extension attributes after the URI, kept as written.</param>
public sealed record SdpExtmap(int Id, string Uri, SdpDirection? Direction = null, string? Attributes = null)
{
    /// <summary>The smallest id (RFC 8285 §5).</summary>
    public const int MinId = 1;

    /// <summary>The largest id of the two-byte header form (RFC 8285 §4.3).</summary>
    public const int MaxId = 255;

    /// <summary>The largest id that fits the one-byte header form (RFC 8285 §4.2).</summary>
    public const int MaxOneByteId = 14;

    /// <summary>urn:ietf:params:rtp-hdrext:sdes:mid (RFC 8843 §15.1).</summary>
    public const string SdesMid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id (RFC 8852 §3.1).</summary>
    public const string SdesRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id (RFC 8852 §3.2).</summary>
    public const string SdesRepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>urn:ietf:params:rtp-hdrext:ssrc-audio-level (RFC 6464 §4).</summary>
    public const string SsrcAudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Google's absolute send time, used for receive-side bandwidth estimation.</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>The transport-wide sequence number of draft-holmer-rmcat-transport-wide-cc-extensions-01.</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>The text after "a=extmap:".</summary>
    public override string ToString()
    {
        var id = Direction is { } direction ? $"{Id}/{SdpTokens.ToToken(direction)}" : Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Attributes is null ? $"{id} {Uri}" : $"{id} {Uri} {Attributes}";
    }
}
