using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Full Intra Request: decoder refresh requests to one or more media senders.</summary>
/// <remarks>RFC 5104 §4.3.1 (PSFB, FMT 4; the media source SSRC field is unused and 0)</remarks>
public sealed class FullIntraRequest
{
    public const byte Format = 4;

    public uint SenderSsrc { get; init; }

    /// <summary>Set to 0 by senders (§4.3.1.2); kept as read for round trips.</summary>
    public uint MediaSsrc { get; init; }

    public IReadOnlyList<FirEntry> Entries { get; init; } = [];

    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out FullIntraRequest? fir)
    {
        fir = null;
        if (!RtcpPacket.TryGetFeedback(packet, RtcpPacketType.PSFB, Format, out var sender, out var media, out var fci)
            || fci.Length < FirEntry.Size)
        {
            return false;
        }

        var entries = new FirEntry[fci.Length / FirEntry.Size];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = fci[(i * FirEntry.Size)..];
            entries[i] = new FirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
        }

        fir = new FullIntraRequest { SenderSsrc = sender, MediaSsrc = media, Entries = entries };
        return true;
    }

    public int GetSize() => RtcpPacket.FeedbackFixedSize + (FirEntry.Size * Entries.Count);

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSize();
        RtcpPacket.WriteFeedbackHeader(destination, size, Format, RtcpPacketType.PSFB, SenderSsrc, MediaSsrc);
        for (var i = 0; i < Entries.Count; i++)
        {
            var entry = destination[(RtcpPacket.FeedbackFixedSize + (i * FirEntry.Size))..];
            BinaryPrimitives.WriteUInt32BigEndian(entry, Entries[i].Ssrc);
            entry[4] = Entries[i].SequenceNumber;
            entry.Slice(5, 3).Clear();
        }

        return size;
    }
}
