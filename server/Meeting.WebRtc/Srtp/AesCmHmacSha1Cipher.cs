using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Meeting.WebRtc.Srtp;

/// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES counter mode for confidentiality, HMAC-SHA1 truncated
/// to 80 bits over the whole packet (and the ROC) for integrity.</summary>
/// <remarks>RFC 3711 §4.1.1 (IV), §4.2 (HMAC-SHA1), §3.4 (SRTCP layout); RFC 5764 §4.1.2.
/// The AES and HMAC objects are created once and reused; not thread-safe.</remarks>
internal sealed class AesCmHmacSha1Cipher : SrtpCipher
{
    /// <summary>n_tag: 80 bits.</summary>
    public const int AuthTagLength = 10;

    /// <summary>n_s: the session salt is 112 bits.</summary>
    public const int SessionSaltLength = 14;

    /// <summary>n_a: the session authentication key is 160 bits.</summary>
    public const int SessionAuthKeyLength = 20;

    private const int Sha1Length = 20;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpAuth;
    private readonly IncrementalHash _rtcpAuth;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Cipher(
        ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt, ReadOnlySpan<byte> rtcpAuthKey)
    {
        _rtpCipher = new AesCounterMode(rtpKey);
        _rtcpCipher = new AesCounterMode(rtcpKey);
        _rtpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtpAuthKey);
        _rtcpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtcpAuthKey);
        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
    }

    public override int TagLength => AuthTagLength;

    // Authenticated portion || E||index || tag.
    public override int SrtcpIndexOffsetFromEnd => AuthTagLength + SrtpProfiles.SrtcpIndexLength;

    public override void ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        WriteIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Transform(iv, buffer[headerLength..length]);

        Span<byte> mac = stackalloc byte[Sha1Length];
        ComputeRtpTag(buffer[..length], SrtpIndex.RolloverCounter(index), mac);
        mac[..AuthTagLength].CopyTo(buffer[length..]);
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        int authenticated = length - AuthTagLength;
        Span<byte> mac = stackalloc byte[Sha1Length];
        ComputeRtpTag(buffer[..authenticated], SrtpIndex.RolloverCounter(index), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..AuthTagLength], buffer.Slice(authenticated, AuthTagLength)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        WriteIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Transform(iv, buffer[headerLength..authenticated]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        WriteIv(_rtcpSalt, ssrc, srtcpIndex, iv);
        _rtcpCipher.Transform(iv, buffer[SrtpPacketLayout.RtcpHeaderLength..length]);

        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], SrtcpTrailerWord(srtcpIndex, encrypted: true));
        int authenticated = length + SrtpProfiles.SrtcpIndexLength;

        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpAuth.AppendData(buffer[..authenticated]);
        _rtcpAuth.TryGetHashAndReset(mac, out _);
        mac[..AuthTagLength].CopyTo(buffer[authenticated..]);
        return authenticated + AuthTagLength;
    }

    public override bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex, bool encrypted, out int plainLength)
    {
        int authenticated = length - AuthTagLength;
        plainLength = authenticated - SrtpProfiles.SrtcpIndexLength;

        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpAuth.AppendData(buffer[..authenticated]);
        _rtcpAuth.TryGetHashAndReset(mac, out _);
        if (!CryptographicOperations.FixedTimeEquals(mac[..AuthTagLength], buffer.Slice(authenticated, AuthTagLength)))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
            WriteIv(_rtcpSalt, ssrc, srtcpIndex, iv);
            _rtcpCipher.Transform(iv, buffer[SrtpPacketLayout.RtcpHeaderLength..plainLength]);
        }

        return true;
    }

    /// <summary>IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), as 128 bits (RFC 3711 §4.1.1).</summary>
    internal static void WriteIv(ReadOnlySpan<byte> sessionSalt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        sessionSalt.CopyTo(iv);
        uint ssrcBits = BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc;
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], ssrcBits);
        // i * 2^16 puts the 48-bit index in bytes 8..13; bytes 14..15 stay zero.
        ulong indexBits = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ (index << 16);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], indexBits);
    }

    /// <summary>HMAC-SHA1 over the authenticated portion || ROC (RFC 3711 §4.2).</summary>
    private void ComputeRtpTag(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> mac)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        _rtpAuth.AppendData(authenticated);
        _rtpAuth.AppendData(roc);
        _rtpAuth.TryGetHashAndReset(mac, out _);
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpAuth.Dispose();
        _rtcpAuth.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
