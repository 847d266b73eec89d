namespace Meeting.WebRtc.Dtls;

/// <summary>A DTLS-SRTP handshake that failed; <see cref="Reason"/> says why.</summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException(DtlsHandshakeFailure reason, string message, Exception? innerException = null)
        : this(reason, null, message, innerException)
    {
    }

    public DtlsHandshakeException(
        DtlsHandshakeFailure reason, byte? alertDescription, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        AlertDescription = alertDescription;
    }

    public DtlsHandshakeFailure Reason { get; }

    /// <summary>The AlertDescription (RFC 5246 §7.2) received or sent, when an alert ended the handshake.</summary>
    public byte? AlertDescription { get; }
}
