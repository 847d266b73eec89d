using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Meeting.WebRtc.Srtp;

/// <summary>SRTP_AEAD_AES_128_GCM: AES-GCM with a 16-byte tag; the RTP header (with CSRCs and
/// extension) is the associated data, the payload is encrypted.</summary>
/// <remarks>RFC 7714 §8 (RTP IV and AAD), §9 (SRTCP layout, IV and AAD), §12 (parameters).
/// One <see cref="AesGcm"/> per direction of keys, reused; not thread-safe.</remarks>
internal sealed class AesGcmCipher : SrtpCipher
{
    /// <summary>The AEAD tag: 128 bits (RFC 7714 §12).</summary>
    public const int AuthTagLength = 16;

    /// <summary>The session salt and the IV: 96 bits.</summary>
    public const int SaltLength = 12;

    private readonly AesGcm _rtp;
    private readonly AesGcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesGcmCipher(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt)
    {
        _rtp = new AesGcm(rtpKey, AuthTagLength);
        _rtcp = new AesGcm(rtcpKey, AuthTagLength);
        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
    }

    public override int TagLength => AuthTagLength;

    // Header || ciphertext || tag || E||index: the index word is last.
    public override int SrtcpIndexOffsetFromEnd => SrtpProfiles.SrtcpIndexLength;

    public override void ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[SaltLength];
        WriteRtpIv(ssrc, index, iv);
        Span<byte> payload = buffer[headerLength..length];
        _rtp.Encrypt(iv, payload, payload, buffer.Slice(length, AuthTagLength), buffer[..headerLength]);
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[SaltLength];
        WriteRtpIv(ssrc, index, iv);
        int end = length - AuthTagLength;
        Span<byte> payload = buffer[headerLength..end];
        return TryDecrypt(_rtp, iv, payload, buffer.Slice(end, AuthTagLength), buffer[..headerLength]);
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> iv = stackalloc byte[SaltLength];
        WriteRtcpIv(ssrc, srtcpIndex, iv);
        uint word = SrtcpTrailerWord(srtcpIndex, encrypted: true);

        // AAD = the 8 clear header bytes || E||SRTCP index (RFC 7714 §9.3).
        Span<byte> aad = stackalloc byte[SrtpPacketLayout.RtcpHeaderLength + SrtpProfiles.SrtcpIndexLength];
        buffer[..SrtpPacketLayout.RtcpHeaderLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[SrtpPacketLayout.RtcpHeaderLength..], word);

        Span<byte> body = buffer[SrtpPacketLayout.RtcpHeaderLength..length];
        _rtcp.Encrypt(iv, body, body, buffer.Slice(length, AuthTagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + AuthTagLength)..], word);
        return length + AuthTagLength + SrtpProfiles.SrtcpIndexLength;
    }

    public override bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex, bool encrypted, out int plainLength)
    {
        plainLength = length - AuthTagLength - SrtpProfiles.SrtcpIndexLength;
        Span<byte> iv = stackalloc byte[SaltLength];
        WriteRtcpIv(ssrc, srtcpIndex, iv);
        uint word = SrtcpTrailerWord(srtcpIndex, encrypted);
        Span<byte> tag = stackalloc byte[AuthTagLength];
        buffer.Slice(plainLength, AuthTagLength).CopyTo(tag);

        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[SrtpPacketLayout.RtcpHeaderLength + SrtpProfiles.SrtcpIndexLength];
            buffer[..SrtpPacketLayout.RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[SrtpPacketLayout.RtcpHeaderLength..], word);
            Span<byte> body = buffer[SrtpPacketLayout.RtcpHeaderLength..plainLength];
            return TryDecrypt(_rtcp, iv, body, tag, aad);
        }

        // Authenticated only (RFC 7714 §9.2): the AAD is the whole packet || E||index, which sit either
        // side of the tag; move the index word over the tag (saved above) to make the AAD contiguous.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[plainLength..], word);
        return TryDecrypt(_rtcp, iv, Span<byte>.Empty, tag, buffer[..(plainLength + SrtpProfiles.SrtcpIndexLength)]);
    }

    /// <summary>IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (RFC 7714 §8.1).</summary>
    private void WriteRtpIv(uint ssrc, ulong index, Span<byte> iv)
    {
        iv[..2].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv[6..], SrtpIndex.RolloverCounter(index));
        BinaryPrimitives.WriteUInt16BigEndian(iv[10..], (ushort)index);
        XorSalt(iv, _rtpSalt);
    }

    /// <summary>IV = (0x0000 || SSRC || 0x0000 || 0 || 31-bit SRTCP index) XOR salt (RFC 7714 §9.1).</summary>
    private void WriteRtcpIv(uint ssrc, uint srtcpIndex, Span<byte> iv)
    {
        iv[..2].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        iv[6..8].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv[8..], srtcpIndex & SrtpIndex.MaxSrtcpIndex);
        XorSalt(iv, _rtcpSalt);
    }

    private static void XorSalt(Span<byte> iv, ReadOnlySpan<byte> salt)
    {
        for (int i = 0; i < SaltLength; i++)
        {
            iv[i] ^= salt[i];
        }
    }

    private static bool TryDecrypt(AesGcm gcm, ReadOnlySpan<byte> iv, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        try
        {
            gcm.Decrypt(iv, data, tag, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // AesGcm has no non-throwing decrypt; a forgery costs an exception (~10 µs), a valid packet nothing.
            return false;
        }
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
