using System.Buffers.Binary;

namespace Meeting.WebRtc.Rtcp;

/// <summary>One reception report block of an SR or RR.</summary>
/// <remarks>RFC 3550 §6.4.1</remarks>
/// <param name="Ssrc">SSRC_n, the source this block reports on.</param>
/// <param name="FractionLost">Fraction lost since the last report, as a fixed point fraction of 256.</param>
/// <param name="CumulativeLost">Cumulative number of packets lost, a signed 24-bit value.</param>
/// <param name="ExtendedHighestSequenceNumber">Cycles in the high 16 bits, highest sequence number in the low 16.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units.</param>
/// <param name="LastSenderReport">LSR: the middle 32 bits of the last SR's NTP timestamp.</param>
/// <param name="DelaySinceLastSenderReport">DLSR in units of 1/65536 s.</param>
public readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Size = 24;

    public const int MinimumCumulativeLost = -(1 << 23);

    public const int MaximumCumulativeLost = (1 << 23) - 1;

    public static bool TryParse(ReadOnlySpan<byte> data, out ReportBlock block)
    {
        block = default;
        if (data.Length < Size)
        {
            return false;
        }

        // Sign-extend the 24-bit field.
        var lost = (int)(BinaryPrimitives.ReadUInt32BigEndian(data[4..]) << 8) >> 8;
        block = new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            data[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
        return true;
    }

    public int GetSize() => Size;

    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("A report block needs 24 bytes.", nameof(destination));
        }

        var lost = Math.Clamp(CumulativeLost, MinimumCumulativeLost, MaximumCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)lost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
        return Size;
    }

    /// <summary>Reads <paramref name="count"/> consecutive blocks.</summary>
    internal static bool TryParseList(ReadOnlySpan<byte> data, int count, out ReportBlock[] blocks)
    {
        blocks = [];
        if (data.Length < count * Size)
        {
            return false;
        }

        blocks = count == 0 ? [] : new ReportBlock[count];
        for (var i = 0; i < count; i++)
        {
            TryParse(data[(i * Size)..], out blocks[i]);
        }

        return true;
    }

    internal static int WriteList(IReadOnlyList<ReportBlock> blocks, Span<byte> destination)
    {
        var position = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            position += blocks[i].WriteTo(destination[position..]);
        }

        return position;
    }
}
