namespace Meeting.WebRtc.Dtls;

/// <summary>Why a DTLS handshake did not produce SRTP keys.</summary>
public enum DtlsHandshakeFailure
{
    /// <summary>No complete handshake within <see cref="DtlsServerOptions.HandshakeTimeout"/>.</summary>
    Timeout,

    /// <summary>The client's leaf certificate does not hash to the fingerprint its SDP announced
    /// (RFC 8842 §5.1), or it sent no certificate.</summary>
    FingerprintMismatch,

    /// <summary>The client sent a fatal alert (<see cref="DtlsHandshakeException.AlertDescription"/>).</summary>
    AlertReceived,

    /// <summary>The server refused the client's flight and sent it a fatal alert (no common cipher suite,
    /// no use_srtp or no common SRTP profile, no extended master secret, a malformed message, …).</summary>
    AlertSent,

    /// <summary>The transport was disposed before the handshake completed.</summary>
    Disposed,
}
