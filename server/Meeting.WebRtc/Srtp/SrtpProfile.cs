namespace Meeting.WebRtc.Srtp;

/// <summary>The SRTP protection profiles this stack negotiates in DTLS-SRTP's use_srtp extension.</summary>
/// <remarks>Values are the profile identifiers of the IANA "DTLS-SRTP Protection Profiles" registry
/// (RFC 5764 §4.1.2, RFC 7714 §14.2).</remarks>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, 80-bit HMAC-SHA1 tag (RFC 5764 §4.1.2).</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: AES-128 GCM with a 16-byte tag (RFC 7714 §14.2).</summary>
    AeadAes128Gcm = 0x0007,
}
