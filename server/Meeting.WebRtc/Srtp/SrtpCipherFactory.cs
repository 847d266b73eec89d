using System.Security.Cryptography;

namespace Meeting.WebRtc.Srtp;

/// <summary>Builds a profile's <see cref="SrtpCipher"/>: from the master key and salt through the KDF
/// (all six session keys derived once, kdr = 0), or straight from session keys.</summary>
/// <remarks>RFC 3711 §4.3 and §8.2; RFC 7714 §11 and §12.</remarks>
internal static class SrtpCipherFactory
{
    /// <exception cref="ArgumentException">The key or salt does not have the profile's length.</exception>
    public static SrtpCipher Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        int keyLength = SrtpProfiles.GetMasterKeyLength(profile);
        int saltLength = SrtpProfiles.GetMasterSaltLength(profile);
        if (masterKey.Length != keyLength)
        {
            throw new ArgumentException($"{profile} needs a {keyLength}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != saltLength)
        {
            throw new ArgumentException($"{profile} needs a {saltLength}-byte master salt.", nameof(masterSalt));
        }

        using var master = Aes.Create();
        byte[] copy = masterKey.ToArray();
        master.Key = copy;
        CryptographicOperations.ZeroMemory(copy);
        Span<byte> keys = stackalloc byte[2 * (keyLength + AesCmHmacSha1Cipher.SessionSaltLength + AesCmHmacSha1Cipher.SessionAuthKeyLength)];
        try
        {
            int authLength = profile == SrtpProfile.AeadAes128Gcm ? 0 : AesCmHmacSha1Cipher.SessionAuthKeyLength;
            int sessionSaltLength = profile == SrtpProfile.AeadAes128Gcm ? AesGcmCipher.SaltLength : AesCmHmacSha1Cipher.SessionSaltLength;
            Span<byte> rtpKey = keys[..keyLength];
            Span<byte> rtpSalt = keys.Slice(keyLength, sessionSaltLength);
            Span<byte> rtpAuth = keys.Slice(keyLength + sessionSaltLength, authLength);
            int half = keyLength + sessionSaltLength + authLength;
            Span<byte> rtcpKey = keys.Slice(half, keyLength);
            Span<byte> rtcpSalt = keys.Slice(half + keyLength, sessionSaltLength);
            Span<byte> rtcpAuth = keys.Slice(half + keyLength + sessionSaltLength, authLength);

            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpEncryptionLabel, rtpKey);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpSaltLabel, rtpSalt);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpAuthenticationLabel, rtpAuth);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtcpEncryptionLabel, rtcpKey);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtcpSaltLabel, rtcpSalt);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtcpAuthenticationLabel, rtcpAuth);

            return FromSessionKeys(profile, rtpKey, rtpSalt, rtpAuth, rtcpKey, rtcpSalt, rtcpAuth);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    public static SrtpCipher FromSessionKeys(
        SrtpProfile profile,
        ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt, ReadOnlySpan<byte> rtcpAuthKey) =>
        profile switch
        {
            SrtpProfile.AeadAes128Gcm => new AesGcmCipher(rtpKey, rtpSalt, rtcpKey, rtcpSalt),
            SrtpProfile.Aes128CmHmacSha1_80 => new AesCmHmacSha1Cipher(rtpKey, rtpSalt, rtpAuthKey, rtcpKey, rtcpSalt, rtcpAuthKey),
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Not an SRTP protection profile this stack implements."),
        };
}
