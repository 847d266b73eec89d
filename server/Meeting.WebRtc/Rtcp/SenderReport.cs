using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Sender report: the sender's NTP and RTP clocks, its counts, and reception reports.</summary>
/// <remarks>RFC 3550 §6.4.1</remarks>
public sealed class SenderReport
{
    /// <summary>Header, SSRC and the 20-byte sender info.</summary>
    public const int FixedSize = 28;

    public uint Ssrc { get; init; }

    /// <summary>The 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low).</summary>
    public ulong NtpTimestamp { get; init; }

    public uint RtpTimestamp { get; init; }

    public uint PacketCount { get; init; }

    public uint OctetCount { get; init; }

    public IReadOnlyList<ReportBlock> ReportBlocks { get; init; } = [];

    /// <summary>The middle 32 bits of <see cref="NtpTimestamp"/>: what receivers echo as LSR.</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);

    /// <remarks>Profile-specific extensions after the report blocks are skipped.</remarks>
    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out SenderReport? report)
    {
        report = null;
        if (!RtcpPacket.TryGetBody(packet, RtcpPacketType.SR, -1, out var header, out var body)
            || body.Length < FixedSize - RtcpHeader.Size
            || !ReportBlock.TryParseList(body[(FixedSize - RtcpHeader.Size)..], header.Count, out var blocks))
        {
            return false;
        }

        report = new SenderReport
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body),
            NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            PacketCount = BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            OctetCount = BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            ReportBlocks = blocks,
        };
        return true;
    }

    public int GetSize() => FixedSize + (ReportBlock.Size * ReportBlocks.Count);

    public int WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReportBlocks.Count, RtcpHeader.MaximumCount);
        var size = GetSize();
        RtcpPacket.WriteHeader(destination, size, ReportBlocks.Count, RtcpPacketType.SR);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], OctetCount);
        ReportBlock.WriteList(ReportBlocks, destination[FixedSize..]);
        return size;
    }
}
