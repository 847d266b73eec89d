namespace Meeting.WebRtc.Dtls;

/// <summary>The DTLS 1.2 record content types this server accepts on the wire.</summary>
/// <remarks>RFC 5246 §6.2.1 (ContentType), RFC 6347 §4.1. Not listed on purpose: heartbeat(24, RFC 6520),
/// tls12_cid(25, RFC 9146) and ack(26, RFC 9147 §7): each appears only after an extension or version this
/// server never negotiates (heartbeat, connection_id, DTLS 1.3).</remarks>
public enum DtlsContentType : byte
{
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
}
