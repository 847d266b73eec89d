namespace Meeting.WebRtc.Sdp;

/// <summary>The media direction attribute of a section (or of the session, as its default).</summary>
/// <remarks>RFC 8866 §6.7; JSEP (RFC 8829 §5.2.2) always writes one per m-section.</remarks>
public enum SdpDirection
{
    /// <summary>a=sendrecv, the default when a section has none (RFC 8866 §6.7.2).</summary>
    SendRecv,

    /// <summary>a=sendonly.</summary>
    SendOnly,

    /// <summary>a=recvonly.</summary>
    RecvOnly,

    /// <summary>a=inactive.</summary>
    Inactive,
}
