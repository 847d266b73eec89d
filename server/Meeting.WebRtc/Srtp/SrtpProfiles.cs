namespace Meeting.WebRtc.Srtp;

/// <summary>The lengths each <see cref="SrtpProfile"/> fixes: what DTLS-SRTP must export and what
/// protection adds to a packet.</summary>
/// <remarks>RFC 5764 §4.1.2, RFC 7714 §14.2</remarks>
public static class SrtpProfiles
{
    /// <summary>Length of the SRTCP trailer word holding the E flag and the 31-bit SRTCP index.</summary>
    /// <remarks>RFC 3711 §3.4</remarks>
    public const int SrtcpIndexLength = 4;

    /// <summary>Master key length in bytes (16 for both profiles: AES-128).</summary>
    public static int GetMasterKeyLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw Unknown(profile),
    };

    /// <summary>Master salt length in bytes: 14 for AES-CM (RFC 3711 §8.2), 12 for AES-GCM (RFC 7714 §12).</summary>
    public static int GetMasterSaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw Unknown(profile),
    };

    /// <summary>Authentication tag length in bytes: 10 (HMAC-SHA1 truncated to 80 bits) or 16 (GCM).</summary>
    public static int GetTagLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 10,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw Unknown(profile),
    };

    /// <summary>The most bytes <see cref="SrtpSession.ProtectRtp"/> adds to an RTP packet (the tag; no MKI).</summary>
    public static int GetRtpOverhead(SrtpProfile profile) => GetTagLength(profile);

    /// <summary>The bytes <see cref="SrtpSession.ProtectRtcp"/> adds to an RTCP packet: tag and E||SRTCP index.</summary>
    public static int GetRtcpOverhead(SrtpProfile profile) => GetTagLength(profile) + SrtcpIndexLength;

    private static ArgumentOutOfRangeException Unknown(SrtpProfile profile) =>
        new(nameof(profile), profile, "Not an SRTP protection profile this stack implements.");
}
