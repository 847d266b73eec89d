using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Generic NACK: the RTP sequence numbers a receiver is missing.</summary>
/// <remarks>RFC 4585 §6.2.1 (RTPFB, FMT 1)</remarks>
public sealed class GenericNack
{
    public const byte Format = 1;

    /// <summary>Header, packet sender SSRC, media source SSRC.</summary>
    public const int FixedSize = 12;

    public uint SenderSsrc { get; init; }

    public uint MediaSsrc { get; init; }

    public IReadOnlyList<NackPair> Pairs { get; init; } = [];

    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out GenericNack? nack)
    {
        nack = null;
        if (!TryGetFci(packet, out var senderSsrc, out var mediaSsrc, out var fci))
        {
            return false;
        }

        var pairs = new NackPair[fci.Length / NackPair.Size];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = ReadPair(fci, i);
        }

        nack = new GenericNack { SenderSsrc = senderSsrc, MediaSsrc = mediaSsrc, Pairs = pairs };
        return true;
    }

    /// <summary>Writes every lost sequence number of a NACK packet into <paramref name="destination"/>
    /// without allocating (the SFU's retransmission path).</summary>
    /// <param name="count">How many were written; when <paramref name="destination"/> is too short it
    /// holds the first ones and the method still returns true.</param>
    public static bool TryReadLostSequenceNumbers(ReadOnlySpan<byte> packet, Span<ushort> destination, out uint mediaSsrc, out int count)
    {
        count = 0;
        if (!TryGetFci(packet, out _, out mediaSsrc, out var fci))
        {
            return false;
        }

        for (var i = 0; i < fci.Length / NackPair.Size && count < destination.Length; i++)
        {
            count += CopyLost(ReadPair(fci, i), destination[count..]);
        }

        return true;
    }

    /// <summary>Writes this packet's lost sequence numbers into <paramref name="destination"/>, as many as fit.</summary>
    public int CopyLostSequenceNumbers(Span<ushort> destination)
    {
        var count = 0;
        for (var i = 0; i < Pairs.Count && count < destination.Length; i++)
        {
            count += CopyLost(Pairs[i], destination[count..]);
        }

        return count;
    }

    /// <summary>Groups sequence numbers, given in increasing order modulo 2^16, into PID/BLP pairs.</summary>
    public static GenericNack FromSequenceNumbers(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        var pairs = new List<NackPair>();
        var position = 0;
        while (NextPair(lost, ref position, out var pair))
        {
            pairs.Add(pair);
        }

        return new GenericNack { SenderSsrc = senderSsrc, MediaSsrc = mediaSsrc, Pairs = pairs };
    }

    /// <summary>The size <see cref="WriteFromSequenceNumbers"/> needs.</summary>
    public static int GetSize(ReadOnlySpan<ushort> lost)
    {
        var pairs = 0;
        var position = 0;
        while (NextPair(lost, ref position, out _))
        {
            pairs++;
        }

        return FixedSize + (NackPair.Size * pairs);
    }

    /// <summary>Builds a NACK packet straight from sequence numbers without allocating.</summary>
    public static int WriteFromSequenceNumbers(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        var size = GetSize(lost);
        WriteFixed(destination, size, senderSsrc, mediaSsrc);
        var offset = FixedSize;
        var position = 0;
        while (NextPair(lost, ref position, out var pair))
        {
            WritePair(destination[offset..], pair);
            offset += NackPair.Size;
        }

        return size;
    }

    public int GetSize() => FixedSize + (NackPair.Size * Pairs.Count);

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSize();
        WriteFixed(destination, size, SenderSsrc, MediaSsrc);
        for (var i = 0; i < Pairs.Count; i++)
        {
            WritePair(destination[(FixedSize + (NackPair.Size * i))..], Pairs[i]);
        }

        return size;
    }

    private static bool TryGetFci(ReadOnlySpan<byte> packet, out uint senderSsrc, out uint mediaSsrc, out ReadOnlySpan<byte> fci) =>
        RtcpPacket.TryGetFeedback(packet, RtcpPacketType.RTPFB, Format, out senderSsrc, out mediaSsrc, out fci)
        && fci.Length >= NackPair.Size; // §6.2.1: at least one FCI entry.

    private static NackPair ReadPair(ReadOnlySpan<byte> fci, int index) => new(
        BinaryPrimitives.ReadUInt16BigEndian(fci[(index * NackPair.Size)..]),
        BinaryPrimitives.ReadUInt16BigEndian(fci[((index * NackPair.Size) + 2)..]));

    private static void WritePair(Span<byte> destination, NackPair pair)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, pair.PacketId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], pair.LostBitmask);
    }

    private static void WriteFixed(Span<byte> destination, int size, uint senderSsrc, uint mediaSsrc) =>
        RtcpPacket.WriteFeedbackHeader(destination, size, Format, RtcpPacketType.RTPFB, senderSsrc, mediaSsrc);

    private static int CopyLost(NackPair pair, Span<ushort> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        destination[0] = pair.PacketId;
        var count = 1;
        for (var bit = 0; bit < 16 && count < destination.Length; bit++)
        {
            if ((pair.LostBitmask & (1 << bit)) != 0)
            {
                destination[count++] = (ushort)(pair.PacketId + bit + 1);
            }
        }

        return count;
    }

    private static bool NextPair(ReadOnlySpan<ushort> lost, ref int position, out NackPair pair)
    {
        pair = default;
        if (position >= lost.Length)
        {
            return false;
        }

        var packetId = lost[position++];
        ushort mask = 0;
        while (position < lost.Length)
        {
            var distance = (ushort)(lost[position] - packetId);
            if (distance == 0)
            {
                position++;
                continue;
            }

            if (distance > 16)
            {
                break;
            }

            mask |= (ushort)(1 << (distance - 1));
            position++;
        }

        pair = new NackPair(packetId, mask);
        return true;
    }
}
