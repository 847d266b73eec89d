using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Receiver report: reception report blocks from a participant that does not send.</summary>
/// <remarks>RFC 3550 §6.4.2</remarks>
public sealed class ReceiverReport
{
    /// <summary>Header and the reporter's SSRC.</summary>
    public const int FixedSize = 8;

    public uint Ssrc { get; init; }

    public IReadOnlyList<ReportBlock> ReportBlocks { get; init; } = [];

    /// <remarks>Profile-specific extensions after the report blocks are skipped.</remarks>
    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out ReceiverReport? report)
    {
        report = null;
        if (!RtcpPacket.TryGetBody(packet, RtcpPacketType.RR, -1, out var header, out var body)
            || body.Length < FixedSize - RtcpHeader.Size
            || !ReportBlock.TryParseList(body[(FixedSize - RtcpHeader.Size)..], header.Count, out var blocks))
        {
            return false;
        }

        report = new ReceiverReport { Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body), ReportBlocks = blocks };
        return true;
    }

    public int GetSize() => FixedSize + (ReportBlock.Size * ReportBlocks.Count);

    public int WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReportBlocks.Count, RtcpHeader.MaximumCount);
        var size = GetSize();
        RtcpPacket.WriteHeader(destination, size, ReportBlocks.Count, RtcpPacketType.RR);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        ReportBlock.WriteList(ReportBlocks, destination[FixedSize..]);
        return size;
    }
}
