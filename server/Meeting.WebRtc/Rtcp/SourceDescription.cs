using System.Diagnostics.CodeAnalysis;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Source description: one chunk per source, most usefully its CNAME.</summary>
/// <remarks>RFC 3550 §6.5</remarks>
public sealed class SourceDescription
{
    public IReadOnlyList<SdesChunk> Chunks { get; init; } = [];

    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out SourceDescription? description)
    {
        description = null;
        if (!RtcpPacket.TryGetBody(packet, RtcpPacketType.SDES, -1, out var header, out var body))
        {
            return false;
        }

        var chunks = new SdesChunk[header.Count];
        var position = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            if (!SdesChunk.TryParse(body[position..], out chunks[i], out var consumed))
            {
                return false;
            }

            position += consumed;
        }

        description = new SourceDescription { Chunks = chunks };
        return true;
    }

    public int GetSize()
    {
        var size = RtcpHeader.Size;
        foreach (var chunk in Chunks)
        {
            size += chunk.GetSize();
        }

        return size;
    }

    public int WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Chunks.Count, RtcpHeader.MaximumCount);
        var size = GetSize();
        RtcpPacket.WriteHeader(destination, size, Chunks.Count, RtcpPacketType.SDES);
        var position = RtcpHeader.Size;
        foreach (var chunk in Chunks)
        {
            position += chunk.WriteTo(destination[position..]);
        }

        return size;
    }
}
