namespace Meeting.WebRtc.Sdp;

/// <summary>Which side starts the DTLS handshake.</summary>
/// <remarks>RFC 4145 §4 as used by RFC 8842 §5: an offer says actpass, the answer picks active or passive.</remarks>
public enum DtlsSetup
{
    /// <summary>a=setup:actpass — the offerer lets the answerer choose.</summary>
    ActPass,

    /// <summary>a=setup:active — this side sends the ClientHello.</summary>
    Active,

    /// <summary>a=setup:passive — this side waits for the ClientHello.</summary>
    Passive,

    /// <summary>a=setup:holdconn — no connection now (not used by WebRTC, RFC 8842 §5.1 forbids it in offers).</summary>
    HoldConn,
}
