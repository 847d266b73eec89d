using System.Buffers.Binary;

namespace Meeting.WebRtc.Srtp;

/// <summary>One direction of one DTLS-SRTP association: the cryptographic context of RFC 3711 §3.2,
/// its session keys derived once, and the per-SSRC state (rollover counter, highest sequence number,
/// replay windows, SRTCP index). Protects (sending) or unprotects (receiving) packets in place.</summary>
/// <remarks>
/// <para>RFC 3711 §3.3 (SRTP), §3.4 (SRTCP), §4.3 (key derivation, kdr = 0); RFC 7714 (AES-GCM).</para>
/// <para>Nothing allocates per packet except the state of an SSRC's first packet, and an unprotected
/// packet creates that state only once it authenticated, so forgeries cannot fill
/// <see cref="SrtpSessionOptions.MaxStreams"/>. A packet that fails leaves the session's state as it was
/// (the buffer's content is then unspecified). Not thread-safe: one caller at a time.</para>
/// </remarks>
public sealed class SrtpSession : IDisposable
{
    private readonly SrtpCipher _cipher;
    private readonly Dictionary<uint, SrtpStreamState> _streams;
    private readonly int _windowSize;
    private readonly int _maxStreams;
    private readonly int _tagLength;
    private SrtpStreamState? _lastStream;
    private bool _disposed;

    /// <summary>Derives the session keys from the master key and salt that DTLS-SRTP exported for this direction.</summary>
    /// <exception cref="ArgumentException">The key or salt does not have the profile's length.</exception>
    public SrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpSessionOptions? options = null)
        : this(profile, SrtpCipherFactory.Create(profile, masterKey, masterSalt), options)
    {
    }

    private SrtpSession(SrtpProfile profile, SrtpCipher cipher, SrtpSessionOptions? options)
    {
        options ??= new SrtpSessionOptions();
        try
        {
            options.Validate();
        }
        catch
        {
            cipher.Dispose();
            throw;
        }

        Profile = profile;
        _cipher = cipher;
        _tagLength = cipher.TagLength;
        _windowSize = options.ReplayWindowSize;
        _maxStreams = options.MaxStreams;
        // Sized once: adding up to MaxStreams SSRCs never grows it.
        _streams = new Dictionary<uint, SrtpStreamState>(_maxStreams);
    }

    public SrtpProfile Profile { get; }

    /// <summary>How many SSRCs this session tracks.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>The rollover counter and highest sequence number the session holds for an SSRC's RTP.</summary>
    internal bool TryGetRtpState(uint ssrc, out uint rolloverCounter, out ushort highestSequence)
    {
        SrtpStreamState? stream = Find(ssrc);
        rolloverCounter = stream?.RolloverCounter ?? 0;
        highestSequence = stream?.HighestSequence ?? 0;
        return stream is { HasRtp: true };
    }

    /// <summary>Builds a session straight from session keys, bypassing the KDF: RFC 7714's vectors are
    /// given that way. For AES-CM the authentication keys are required, for GCM they are ignored.</summary>
    internal static SrtpSession FromSessionKeys(
        SrtpProfile profile,
        ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt, ReadOnlySpan<byte> rtcpAuthKey,
        SrtpSessionOptions? options = null)
    {
        SrtpCipher cipher = SrtpCipherFactory.FromSessionKeys(profile, rtpKey, rtpSalt, rtpAuthKey, rtcpKey, rtcpSalt, rtcpAuthKey);
        return new SrtpSession(profile, cipher, options);
    }

    /// <summary>Encrypts and tags the RTP packet in <c>buffer[..length]</c> in place; the tag goes after it,
    /// so <paramref name="buffer"/> needs <see cref="SrtpProfiles.GetRtpOverhead"/> more bytes.</summary>
    /// <remarks>RFC 3711 §3.3; the index comes from the stream's ROC and highest sequence number (§3.3.1), so
    /// a wrap of the sequence number raises the ROC. A packet whose index would fall before the stream's first
    /// is refused with <see cref="SrtpStatus.ReplayDetected"/>.</remarks>
    public SrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ThrowIfDisposed();
        if ((uint)length > (uint)buffer.Length
            || !SrtpPacketLayout.TryGetRtpHeaderLength(buffer, length, out int headerLength))
        {
            return SrtpStatus.Malformed;
        }

        if (buffer.Length - length < _tagLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        uint ssrc = SrtpPacketLayout.ReadRtpSsrc(buffer);
        ushort sequence = SrtpPacketLayout.ReadSequenceNumber(buffer);
        SrtpStreamState? stream = FindOrAdd(ssrc);
        if (stream is null)
        {
            return SrtpStatus.TooManyStreams;
        }

        SrtpStatus status = EstimateIndex(stream, sequence, out ulong index);
        if (status != SrtpStatus.Ok)
        {
            return status;
        }

        _cipher.ProtectRtp(buffer, length, headerLength, ssrc, index);
        stream.AdvanceRtp(index);
        protectedLength = length + _tagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>Verifies and decrypts the SRTP packet in <c>buffer[..length]</c> in place; on
    /// <see cref="SrtpStatus.Ok"/> the RTP packet is <c>buffer[..plainLength]</c>.</summary>
    /// <remarks>RFC 3711 §3.3: index estimation (§3.3.1, Appendix A), replay check before anything is
    /// decrypted (§3.3.2), and ROC, s_l and the window updated only once the tag verified.</remarks>
    public SrtpStatus UnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        ThrowIfDisposed();
        if ((uint)length > (uint)buffer.Length
            || length < _tagLength
            || !SrtpPacketLayout.TryGetRtpHeaderLength(buffer, length - _tagLength, out int headerLength))
        {
            return SrtpStatus.Malformed;
        }

        uint ssrc = SrtpPacketLayout.ReadRtpSsrc(buffer);
        ushort sequence = SrtpPacketLayout.ReadSequenceNumber(buffer);
        SrtpStreamState? stream = Find(ssrc);
        if (stream is null && _streams.Count >= _maxStreams)
        {
            return SrtpStatus.TooManyStreams;
        }

        ulong index = sequence;
        if (stream is not null)
        {
            SrtpStatus status = EstimateIndex(stream, sequence, out index);
            if (status != SrtpStatus.Ok)
            {
                return status;
            }

            if (stream.RtpWindow.Check(index, _windowSize) != SrtpStatus.Ok)
            {
                return SrtpStatus.ReplayDetected;
            }
        }

        if (!_cipher.UnprotectRtp(buffer, length, headerLength, ssrc, index))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        stream ??= Add(ssrc);
        stream.RtpWindow.Accept(index);
        stream.AdvanceRtp(index);
        plainLength = length - _tagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>Encrypts the RTCP packet (or compound packet) in <c>buffer[..length]</c> in place after its
    /// first 8 bytes, and appends the E||SRTCP index word and the tag
    /// (<see cref="SrtpProfiles.GetRtcpOverhead"/> bytes).</summary>
    /// <remarks>RFC 3711 §3.4; RFC 7714 §9 for GCM. Each SSRC's SRTCP index counts from 0.</remarks>
    public SrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ThrowIfDisposed();
        if ((uint)length > (uint)buffer.Length || !SrtpPacketLayout.IsRtcp(buffer, length))
        {
            return SrtpStatus.Malformed;
        }

        if (buffer.Length - length < _tagLength + SrtpProfiles.SrtcpIndexLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        SrtpStreamState? stream = FindOrAdd(SrtpPacketLayout.ReadRtcpSsrc(buffer));
        if (stream is null)
        {
            return SrtpStatus.TooManyStreams;
        }

        if (stream.NextSrtcpIndex > SrtpIndex.MaxSrtcpIndex)
        {
            return SrtpStatus.KeyLimitReached;
        }

        protectedLength = _cipher.ProtectRtcp(buffer, length, stream.Ssrc, stream.NextSrtcpIndex);
        stream.NextSrtcpIndex++;
        return SrtpStatus.Ok;
    }

    /// <summary>Verifies and (when its E flag is set) decrypts the SRTCP packet in <c>buffer[..length]</c>
    /// in place; on <see cref="SrtpStatus.Ok"/> the RTCP packet is <c>buffer[..plainLength]</c>.</summary>
    /// <remarks>RFC 3711 §3.4 with a replay window per SSRC over the 31-bit SRTCP index; RFC 7714 §9.</remarks>
    public SrtpStatus UnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        ThrowIfDisposed();
        if ((uint)length > (uint)buffer.Length
            || length < SrtpPacketLayout.RtcpHeaderLength + SrtpProfiles.SrtcpIndexLength + _tagLength
            || !SrtpPacketLayout.IsRtcp(buffer, length))
        {
            return SrtpStatus.Malformed;
        }

        uint ssrc = SrtpPacketLayout.ReadRtcpSsrc(buffer);
        uint word = BinaryPrimitives.ReadUInt32BigEndian(buffer[(length - _cipher.SrtcpIndexOffsetFromEnd)..]);
        bool encrypted = (word & 0x8000_0000u) != 0;
        uint index = word & SrtpIndex.MaxSrtcpIndex;

        SrtpStreamState? stream = Find(ssrc);
        if (stream is null)
        {
            if (_streams.Count >= _maxStreams)
            {
                return SrtpStatus.TooManyStreams;
            }
        }
        else if (stream.RtcpWindow.Check(index, _windowSize) != SrtpStatus.Ok)
        {
            return SrtpStatus.ReplayDetected;
        }

        if (!_cipher.UnprotectRtcp(buffer, length, ssrc, index, encrypted, out int rtcpLength))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        stream ??= Add(ssrc);
        stream.RtcpWindow.Accept(index);
        plainLength = rtcpLength;
        return SrtpStatus.Ok;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _cipher.Dispose();
            _streams.Clear();
            _lastStream = null;
        }
    }

    private static SrtpStatus EstimateIndex(SrtpStreamState stream, ushort sequence, out ulong index)
    {
        if (!stream.HasRtp)
        {
            // The first packet of a stream: ROC = 0 and s_l = SEQ (RFC 3711 §3.3.1).
            index = sequence;
            return SrtpStatus.Ok;
        }

        return SrtpIndex.Estimate(stream.RolloverCounter, stream.HighestSequence, sequence, out index);
    }

    private SrtpStreamState? Find(uint ssrc)
    {
        SrtpStreamState? last = _lastStream;
        if (last is not null && last.Ssrc == ssrc)
        {
            return last;
        }

        if (_streams.TryGetValue(ssrc, out SrtpStreamState? stream))
        {
            _lastStream = stream;
            return stream;
        }

        return null;
    }

    private SrtpStreamState? FindOrAdd(uint ssrc) =>
        Find(ssrc) ?? (_streams.Count >= _maxStreams ? null : Add(ssrc));

    private SrtpStreamState Add(uint ssrc)
    {
        var stream = new SrtpStreamState(ssrc);
        _streams.Add(ssrc, stream);
        _lastStream = stream;
        return stream;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
