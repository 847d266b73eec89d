using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Transport-wide congestion control feedback: for a range of transport-wide sequence
/// numbers, which packets arrived and when, relative to a reference time.</summary>
/// <remarks>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1 (RTPFB, FMT 15)</remarks>
public sealed class TransportFeedback
{
    public const byte Format = 15;

    /// <summary>TimeSpan ticks in one reference-time unit of 64 ms.</summary>
    public const long TicksPerReferenceTimeUnit = 64 * TimeSpan.TicksPerMillisecond;

    public uint SenderSsrc { get; init; }

    public uint MediaSsrc { get; init; }

    public ushort BaseSequenceNumber { get; init; }

    /// <summary>Signed 24-bit reference time in 64 ms units (written modulo 2^24).</summary>
    public int ReferenceTime { get; init; }

    /// <summary>Counts feedback packets so that the sender notices lost feedback (wraps at 256).</summary>
    public byte FeedbackPacketCount { get; init; }

    /// <summary>One entry per packet status, starting at <see cref="BaseSequenceNumber"/>; writing
    /// takes the sequence numbers as consecutive and uses only Received and Delta.</summary>
    public IReadOnlyList<TransportFeedbackEntry> Entries { get; init; } = [];

    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out TransportFeedback? feedback)
    {
        feedback = null;
        if (!TryReadFixed(packet, out var sender, out var media, out var fci))
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        var entries = new TransportFeedbackEntry[count];
        if (!TransportFeedbackReader.TryRead(fci, entries, out _))
        {
            return false;
        }

        feedback = new TransportFeedback
        {
            SenderSsrc = sender,
            MediaSsrc = media,
            BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(fci),
            ReferenceTime = (int)(BinaryPrimitives.ReadUInt32BigEndian(fci[4..]) & 0xFFFFFF00) >> 8,
            FeedbackPacketCount = fci[7],
            Entries = entries,
        };
        return true;
    }

    /// <summary>Reads the entries without allocating; false when the packet is malformed or has
    /// more statuses than <paramref name="destination"/> holds.</summary>
    public static bool TryReadEntries(ReadOnlySpan<byte> packet, Span<TransportFeedbackEntry> destination, out int count)
    {
        count = 0;
        return TryReadFixed(packet, out _, out _, out var fci) && TransportFeedbackReader.TryRead(fci, destination, out count);
    }

    /// <summary>The arrival time of the reference time, for adding the deltas to.</summary>
    public TimeSpan ReferenceTimeSpan => TimeSpan.FromTicks(ReferenceTime * TicksPerReferenceTimeUnit);

    public int GetSize() => Write(Span<byte>.Empty, Symbols(), measureOnly: true);

    public int WriteTo(Span<byte> destination) => Write(destination, Symbols(), measureOnly: false);

    /// <summary>Writes a feedback packet from its parts; shared with <see cref="TransportFeedbackBuilder"/>.</summary>
    /// <param name="chunks">Encoded by <see cref="TransportFeedbackEncoding.Encode"/>.</param>
    /// <param name="deltas">The delta of each received status, in order.</param>
    internal static int WritePacket(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        ushort baseSequenceNumber,
        int statusCount,
        int referenceTime,
        byte feedbackPacketCount,
        ReadOnlySpan<ushort> chunks,
        ReadOnlySpan<byte> symbols,
        ReadOnlySpan<int> deltas,
        int deltaBytes)
    {
        var size = (TransportFeedbackEncoding.FixedSize + (2 * chunks.Length) + deltaBytes + 3) & ~3;
        RtcpPacket.WriteFeedbackHeader(destination, size, Format, RtcpPacketType.RTPFB, senderSsrc, mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)statusCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], ((uint)referenceTime << 8) | feedbackPacketCount);
        var position = TransportFeedbackEncoding.FixedSize;
        foreach (var chunk in chunks)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[position..], chunk);
            position += 2;
        }

        var delta = 0;
        for (var i = 0; i < statusCount; i++)
        {
            switch (symbols[i])
            {
                case TransportFeedbackEncoding.ReceivedSmallDelta:
                    destination[position++] = (byte)deltas[delta++];
                    break;
                case TransportFeedbackEncoding.ReceivedLargeDelta:
                    BinaryPrimitives.WriteInt16BigEndian(destination[position..], (short)deltas[delta++]);
                    position += 2;
                    break;
            }
        }

        // The draft's "zero padding" to a word boundary (the P bit stays clear).
        destination[position..size].Clear();
        return size;
    }

    private static bool TryReadFixed(ReadOnlySpan<byte> packet, out uint sender, out uint media, out ReadOnlySpan<byte> fci) =>
        RtcpPacket.TryGetFeedback(packet, RtcpPacketType.RTPFB, Format, out sender, out media, out fci)
        && fci.Length >= TransportFeedbackEncoding.FixedSize - RtcpPacket.FeedbackFixedSize;

    private byte[] Symbols()
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Entries.Count, ushort.MaxValue);
        var symbols = new byte[Entries.Count];
        for (var i = 0; i < symbols.Length; i++)
        {
            var entry = Entries[i];
            if (entry.Received && !TransportFeedbackEncoding.FitsLargeDelta(entry.Delta))
            {
                throw new InvalidOperationException($"Delta {entry.Delta} of entry {i} does not fit in 16 bits.");
            }

            symbols[i] = entry.Received ? TransportFeedbackEncoding.SymbolFor(entry.Delta) : TransportFeedbackEncoding.NotReceived;
        }

        return symbols;
    }

    private int Write(Span<byte> destination, byte[] symbols, bool measureOnly)
    {
        var chunks = new ushort[Math.Max(1, symbols.Length)];
        var chunkCount = TransportFeedbackEncoding.Encode(symbols, chunks, int.MaxValue, out _, out var deltaBytes);
        if (measureOnly)
        {
            return (TransportFeedbackEncoding.FixedSize + (2 * chunkCount) + deltaBytes + 3) & ~3;
        }

        var deltas = new int[symbols.Length];
        var received = 0;
        foreach (var entry in Entries)
        {
            if (entry.Received)
            {
                deltas[received++] = entry.Delta;
            }
        }

        return WritePacket(
            destination,
            SenderSsrc,
            MediaSsrc,
            BaseSequenceNumber,
            symbols.Length,
            ReferenceTime & 0xFFFFFF,
            FeedbackPacketCount,
            chunks.AsSpan(0, chunkCount),
            symbols,
            deltas.AsSpan(0, received),
            deltaBytes);
    }
}
