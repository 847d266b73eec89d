using System.Buffers.Binary;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Decodes the status chunks and receive deltas of a transport-wide feedback FCI, in two
/// passes over the bytes so that nothing is buffered: the first finds where the chunks end (the
/// deltas start there), the second pairs each status with its delta.</summary>
/// <remarks>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1</remarks>
internal static class TransportFeedbackReader
{
    /// <param name="fci">From the base sequence number on.</param>
    public static bool TryRead(ReadOnlySpan<byte> fci, Span<TransportFeedbackEntry> destination, out int count)
    {
        count = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        if (count > destination.Length)
        {
            return false;
        }

        var body = fci[(TransportFeedbackEncoding.FixedSize - RtcpPacket.FeedbackFixedSize)..];
        if (!TryWalk(body, count, -1, 0, default, out var chunkEnd, out var deltaBytes)
            || deltaBytes > body.Length - chunkEnd)
        {
            return false;
        }

        return TryWalk(body, count, chunkEnd, BinaryPrimitives.ReadUInt16BigEndian(fci), destination, out _, out _);
    }

    /// <summary>Walks the chunks; with <paramref name="deltaStart"/> negative it only measures.</summary>
    private static bool TryWalk(
        ReadOnlySpan<byte> body,
        int count,
        int deltaStart,
        ushort baseSequence,
        Span<TransportFeedbackEntry> destination,
        out int chunkEnd,
        out int deltaBytes)
    {
        var position = 0;
        var covered = 0;
        var deltaPosition = deltaStart;
        deltaBytes = 0;
        chunkEnd = 0;
        while (covered < count)
        {
            if (body.Length - position < 2)
            {
                return false;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(body[position..]);
            position += 2;
            if ((chunk & 0x8000) == 0)
            {
                var symbol = (byte)((chunk >> 13) & 0x03);
                var run = Math.Min(chunk & TransportFeedbackEncoding.MaximumRunLength, count - covered);
                for (var i = 0; i < run; i++)
                {
                    if (!Emit(symbol, body, ref deltaPosition, ref deltaBytes, baseSequence, destination, covered++))
                    {
                        return false;
                    }
                }
            }
            else if ((chunk & 0x4000) == 0)
            {
                for (var i = 0; i < TransportFeedbackEncoding.OneBitSymbolsPerChunk && covered < count; i++)
                {
                    var symbol = (byte)((chunk >> (TransportFeedbackEncoding.OneBitSymbolsPerChunk - 1 - i)) & 0x01);
                    if (!Emit(symbol, body, ref deltaPosition, ref deltaBytes, baseSequence, destination, covered++))
                    {
                        return false;
                    }
                }
            }
            else
            {
                for (var i = 0; i < TransportFeedbackEncoding.TwoBitSymbolsPerChunk && covered < count; i++)
                {
                    var symbol = (byte)((chunk >> (2 * (TransportFeedbackEncoding.TwoBitSymbolsPerChunk - 1 - i))) & 0x03);
                    if (!Emit(symbol, body, ref deltaPosition, ref deltaBytes, baseSequence, destination, covered++))
                    {
                        return false;
                    }
                }
            }
        }

        chunkEnd = position;
        return true;
    }

    private static bool Emit(
        byte symbol,
        ReadOnlySpan<byte> body,
        ref int deltaPosition,
        ref int deltaBytes,
        ushort baseSequence,
        Span<TransportFeedbackEntry> destination,
        int index)
    {
        if (symbol == TransportFeedbackEncoding.Reserved)
        {
            return false;
        }

        deltaBytes += TransportFeedbackEncoding.DeltaSize(symbol);
        if (deltaPosition < 0)
        {
            return true;
        }

        var sequence = (ushort)(baseSequence + index);
        switch (symbol)
        {
            case TransportFeedbackEncoding.ReceivedSmallDelta:
                destination[index] = new TransportFeedbackEntry(sequence, true, body[deltaPosition]);
                deltaPosition += 1;
                break;
            case TransportFeedbackEncoding.ReceivedLargeDelta:
                destination[index] = new TransportFeedbackEntry(sequence, true, BinaryPrimitives.ReadInt16BigEndian(body[deltaPosition..]));
                deltaPosition += 2;
                break;
            default:
                destination[index] = new TransportFeedbackEntry(sequence, false, 0);
                break;
        }

        return true;
    }
}
