namespace Meeting.WebRtc.Srtp;

/// <summary>The outcome of protecting or unprotecting one packet. Nothing but
/// <see cref="Ok"/> produces output; every other value leaves the session's state as it was.</summary>
public enum SrtpStatus
{
    /// <summary>The packet was transformed; its new length is in the <c>out</c> parameter.</summary>
    Ok,

    /// <summary>The tag did not verify: the packet was forged, corrupted or keyed differently.</summary>
    AuthenticationFailed,

    /// <summary>The packet's index was already received, or is older than the replay window.</summary>
    /// <remarks>RFC 3711 §3.3.2</remarks>
    ReplayDetected,

    /// <summary>Too short, not version 2, or its header runs past its end.</summary>
    Malformed,

    /// <summary>The buffer has no room after the packet for what protection appends.</summary>
    BufferTooSmall,

    /// <summary>The packet's SSRC would be tracked past <see cref="SrtpSessionOptions.MaxStreams"/>.</summary>
    TooManyStreams,

    /// <summary>The stream used every index its keys allow (2^48 SRTP, 2^31 SRTCP packets): the
    /// association must be re-keyed before it sends more.</summary>
    /// <remarks>RFC 3711 §9.2</remarks>
    KeyLimitReached,
}
