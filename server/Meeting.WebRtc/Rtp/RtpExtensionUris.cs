namespace Meeting.WebRtc.Rtp;

/// <summary>The header extension URIs negotiated in SDP a=extmap lines (RFC 8285 §5).</summary>
public static class RtpExtensionUris
{
    /// <summary>RFC 8843 §15.2.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>webrtc.org's abs-send-time experiment.</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §2.</summary>
    public const string TransportWideSequenceNumber = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 6464 §4.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
}
