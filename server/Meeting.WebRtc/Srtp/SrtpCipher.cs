namespace Meeting.WebRtc.Srtp;

/// <summary>The transform of one profile with its session keys: encrypts and tags, or verifies and
/// decrypts, a packet whose index the session already worked out. Holds no per-stream state.</summary>
/// <remarks>Offsets are validated by <see cref="SrtpSession"/> before any call.</remarks>
internal abstract class SrtpCipher : IDisposable
{
    public abstract int TagLength { get; }

    /// <summary>Where the E||SRTCP index word sits, counted back from the end of an SRTCP packet.</summary>
    public abstract int SrtcpIndexOffsetFromEnd { get; }

    /// <summary>Encrypts <c>buffer[headerLength..length]</c> in place and writes the tag at <c>buffer[length..]</c>.</summary>
    public abstract void ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index);

    /// <summary>Verifies the tag that ends the <paramref name="length"/> bytes and, only if it verifies,
    /// decrypts the payload in place. False when the tag is wrong.</summary>
    public abstract bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index);

    /// <summary>Encrypts the RTCP packet after its first 8 bytes, appends tag and E||index; returns the new length.</summary>
    public abstract int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex);

    /// <summary>Verifies and, when the E flag is set, decrypts an SRTCP packet; false when the tag is wrong.</summary>
    public abstract bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex, bool encrypted, out int plainLength);

    public abstract void Dispose();

    /// <summary>The E flag and the 31-bit index, as the SRTCP trailer word carries them (RFC 3711 §3.4).</summary>
    protected static uint SrtcpTrailerWord(uint srtcpIndex, bool encrypted) =>
        (encrypted ? 0x8000_0000u : 0u) | (srtcpIndex & SrtpIndex.MaxSrtcpIndex);
}
