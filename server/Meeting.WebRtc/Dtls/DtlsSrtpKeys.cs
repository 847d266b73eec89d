using Meeting.WebRtc.Srtp;

namespace Meeting.WebRtc.Dtls;

/// <summary>The SRTP master keys and salts a DTLS-SRTP handshake produced. The client's pair protects
/// what the browser sends (the server unprotects with it); the server's pair protects what the server sends.</summary>
/// <remarks>RFC 5764 §4.2.</remarks>
public sealed record DtlsSrtpKeys(
    SrtpProfile Profile,
    byte[] ClientMasterKey,
    byte[] ClientMasterSalt,
    byte[] ServerMasterKey,
    byte[] ServerMasterSalt)
{
    /// <summary>The exporter label of RFC 5764 §4.2, used with no context.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>SRTP master key length in bytes (both profiles use AES-128).</summary>
    /// <remarks>RFC 5764 §4.1.2, RFC 7714 §12.</remarks>
    public static int GetMasterKeyLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
    };

    /// <summary>SRTP master salt length in bytes: 112 bits for AES-CM, 96 bits for AES-GCM.</summary>
    /// <remarks>RFC 5764 §4.1.2, RFC 7714 §12.</remarks>
    public static int GetMasterSaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
    };

    /// <summary>How many bytes to ask the exporter for: 2 × (key + salt).</summary>
    public static int GetExporterLength(SrtpProfile profile) =>
        2 * (GetMasterKeyLength(profile) + GetMasterSaltLength(profile));

    /// <summary>Splits exporter output laid out as client_write_SRTP_master_key | server_write_SRTP_master_key |
    /// client_write_SRTP_master_salt | server_write_SRTP_master_salt.</summary>
    /// <remarks>RFC 5764 §4.2.</remarks>
    public static DtlsSrtpKeys FromExporterOutput(SrtpProfile profile, ReadOnlySpan<byte> material)
    {
        int keyLength = GetMasterKeyLength(profile);
        int saltLength = GetMasterSaltLength(profile);
        if (material.Length != 2 * (keyLength + saltLength))
        {
            throw new ArgumentException(
                $"{profile} needs {2 * (keyLength + saltLength)} bytes of keying material.", nameof(material));
        }

        return new DtlsSrtpKeys(
            profile,
            material[..keyLength].ToArray(),
            material.Slice(2 * keyLength, saltLength).ToArray(),
            material.Slice(keyLength, keyLength).ToArray(),
            material.Slice(2 * keyLength + saltLength, saltLength).ToArray());
    }
}
