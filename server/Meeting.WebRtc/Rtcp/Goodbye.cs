using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Goodbye: the sources leaving, and optionally why.</summary>
/// <remarks>RFC 3550 §6.6</remarks>
public sealed class Goodbye
{
    public const int MaximumReasonLength = 255;

    public IReadOnlyList<uint> Sources { get; init; } = [];

    /// <summary>The reason for leaving, or null when the packet has none.</summary>
    public string? Reason { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out Goodbye? goodbye)
    {
        goodbye = null;
        if (!RtcpPacket.TryGetBody(packet, RtcpPacketType.BYE, -1, out var header, out var body)
            || body.Length < 4 * header.Count)
        {
            return false;
        }

        var sources = new uint[header.Count];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(4 * i)..]);
        }

        string? reason = null;
        var rest = body[(4 * header.Count)..];
        if (!rest.IsEmpty)
        {
            int length = rest[0];
            if (length > rest.Length - 1)
            {
                return false;
            }

            // A zero length byte followed by nothing but padding means no reason.
            if (length > 0)
            {
                reason = Encoding.UTF8.GetString(rest.Slice(1, length));
            }
        }

        goodbye = new Goodbye { Sources = sources, Reason = reason };
        return true;
    }

    public int GetSize()
    {
        var size = RtcpHeader.Size + (4 * Sources.Count);
        if (Reason is not null)
        {
            size += (1 + ReasonLength() + 3) & ~3;
        }

        return size;
    }

    public int WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Sources.Count, RtcpHeader.MaximumCount);
        var size = GetSize();
        RtcpPacket.WriteHeader(destination, size, Sources.Count, RtcpPacketType.BYE);
        var position = RtcpHeader.Size;
        foreach (var source in Sources)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[position..], source);
            position += 4;
        }

        if (Reason is not null)
        {
            destination[position..size].Clear();
            destination[position] = (byte)ReasonLength();
            Encoding.UTF8.GetBytes(Reason, destination[(position + 1)..]);
        }

        return size;
    }

    private int ReasonLength()
    {
        var length = Encoding.UTF8.GetByteCount(Reason!);
        if (length > MaximumReasonLength)
        {
            throw new InvalidOperationException($"A BYE reason holds at most {MaximumReasonLength} bytes.");
        }

        return length;
    }
}
