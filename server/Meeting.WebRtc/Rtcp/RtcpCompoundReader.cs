namespace Meeting.WebRtc.Rtcp;

/// <summary>Walks the packets of a compound RTCP datagram without copying. Reading stops at the
/// first malformed packet, which sets <see cref="IsInvalid"/>; packets already returned stay valid.</summary>
/// <remarks>RFC 3550 §6.1 (compound packets), RFC 5506 (reduced-size: a lone feedback packet is accepted)</remarks>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public RtcpCompoundReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        IsInvalid = data.IsEmpty;
    }

    /// <summary>True once a packet failed to parse, overran the datagram, or the datagram was empty.</summary>
    public bool IsInvalid { get; private set; }

    /// <summary>True when every byte was consumed by well-formed packets.</summary>
    public readonly bool IsComplete => !IsInvalid && _position == _data.Length;

    /// <summary>Returns the next packet's header and the packet's bytes (header and padding included).</summary>
    public bool TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        header = default;
        if (IsInvalid || _position >= _data.Length)
        {
            return false;
        }

        var rest = _data[_position..];
        if (!RtcpHeader.TryParse(rest, out header))
        {
            IsInvalid = true;
            return false;
        }

        var length = header.PacketLength;
        // §6.4.1 pads only the last packet; others are tolerated, as long as the padding fits.
        if (header.Padding && (rest[length - 1] == 0 || rest[length - 1] > length - RtcpHeader.Size))
        {
            IsInvalid = true;
            header = default;
            return false;
        }

        packet = rest[..length];
        _position += length;
        return true;
    }
}
