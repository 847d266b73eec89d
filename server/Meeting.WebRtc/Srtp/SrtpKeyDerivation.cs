using System.Security.Cryptography;

namespace Meeting.WebRtc.Srtp;

/// <summary>The SRTP key derivation function: the AES-CM PRF keyed with the master key, run over
/// the master salt XORed with the label, with a key derivation rate of zero (one derivation per
/// association, which is all DTLS-SRTP uses).</summary>
/// <remarks>RFC 3711 §4.3.1 and §4.3.3; RFC 6188 §3 (AES-192/256 master keys); RFC 7714 §11 (a
/// 96-bit master salt is padded on the right to 112 bits).</remarks>
internal static class SrtpKeyDerivation
{
    /// <summary>Label of the SRTP session encryption key.</summary>
    public const byte SrtpEncryptionLabel = 0x00;
    /// <summary>Label of the SRTP session authentication key.</summary>
    public const byte SrtpAuthenticationLabel = 0x01;
    /// <summary>Label of the SRTP session salt.</summary>
    public const byte SrtpSaltLabel = 0x02;
    /// <summary>Label of the SRTCP session encryption key.</summary>
    public const byte SrtcpEncryptionLabel = 0x03;
    /// <summary>Label of the SRTCP session authentication key.</summary>
    public const byte SrtcpAuthenticationLabel = 0x04;
    /// <summary>Label of the SRTCP session salt.</summary>
    public const byte SrtcpSaltLabel = 0x05;

    /// <summary>The largest master salt: 112 bits.</summary>
    public const int MaxMasterSaltLength = 14;

    /// <summary>Fills <paramref name="output"/> with PRF_n(master key, (label || 0^48) XOR master salt).</summary>
    /// <param name="masterKey">16, 24 or 32 bytes (AES-128, AES-192, AES-256).</param>
    /// <param name="masterSalt">At most 14 bytes; a shorter salt is padded with zeros on the right.</param>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        using var aes = Aes.Create();
        byte[] copy = masterKey.ToArray();
        aes.Key = copy;
        CryptographicOperations.ZeroMemory(copy);
        Derive(aes, masterSalt, label, output);
    }

    /// <summary>As <see cref="Derive(ReadOnlySpan{byte}, ReadOnlySpan{byte}, byte, Span{byte})"/> with an
    /// <see cref="Aes"/> already keyed with the master key, so that six derivations share one key schedule.</summary>
    public static void Derive(Aes masterCipher, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > MaxMasterSaltLength)
        {
            throw new ArgumentException($"A master salt has at most {MaxMasterSaltLength} bytes.", nameof(masterSalt));
        }

        // x = key_id XOR master_salt, key_id = label || (index DIV kdr) with the 48-bit r = 0, so
        // only the label byte (7th of the 14) changes; x * 2^16 is the counter-mode IV.
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[MaxMasterSaltLength - 7] ^= label;

        int blocks = (output.Length + AesCounterMode.BlockSize - 1) / AesCounterMode.BlockSize;
        Span<byte> counters = stackalloc byte[blocks * AesCounterMode.BlockSize];
        Span<byte> keystream = stackalloc byte[counters.Length];
        AesCounterMode.FillCounters(iv, 0, counters);
        masterCipher.EncryptEcb(counters, keystream, PaddingMode.None);
        keystream[..output.Length].CopyTo(output);
        CryptographicOperations.ZeroMemory(keystream);
    }
}
