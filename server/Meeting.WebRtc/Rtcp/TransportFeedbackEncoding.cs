namespace Meeting.WebRtc.Rtcp;

/// <summary>Packet status chunks: the symbols, the greedy chunk encoder and the size of the deltas
/// each symbol carries.</summary>
/// <remarks>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1-§3.1.5</remarks>
internal static class TransportFeedbackEncoding
{
    /// <summary>"Packet not received".</summary>
    public const byte NotReceived = 0;

    /// <summary>"Packet received, small delta" (1 byte, 0 to 63.75 ms).</summary>
    public const byte ReceivedSmallDelta = 1;

    /// <summary>"Packet received, large or negative delta" (2 bytes, signed).</summary>
    public const byte ReceivedLargeDelta = 2;

    /// <summary>Reserved symbol value.</summary>
    public const byte Reserved = 3;

    /// <summary>The 13-bit run length of a run length chunk.</summary>
    public const int MaximumRunLength = 0x1FFF;

    public const int OneBitSymbolsPerChunk = 14;

    public const int TwoBitSymbolsPerChunk = 7;

    /// <summary>Common header, SSRCs, base sequence, status count, reference time, feedback count.</summary>
    public const int FixedSize = 20;

    public static byte SymbolFor(int delta) =>
        delta is >= 0 and <= byte.MaxValue ? ReceivedSmallDelta : ReceivedLargeDelta;

    public static bool FitsLargeDelta(long delta) => delta is >= short.MinValue and <= short.MaxValue;

    public static int DeltaSize(byte symbol) => symbol; // 0, 1 or 2 bytes: the symbol's own value.

    /// <summary>Encodes as many leading <paramref name="symbols"/> as fit in <paramref name="budget"/>
    /// bytes of chunks plus deltas.</summary>
    /// <returns>The number of chunks written to <paramref name="chunks"/>.</returns>
    public static int Encode(ReadOnlySpan<byte> symbols, Span<ushort> chunks, int budget, out int covered, out int deltaBytes)
    {
        covered = 0;
        deltaBytes = 0;
        var count = 0;
        var used = 0;
        while (covered < symbols.Length && count < chunks.Length)
        {
            var taken = NextChunk(symbols[covered..], out var chunk);
            var bytes = DeltaBytes(symbols.Slice(covered, taken));
            if (used + 2 + bytes > budget)
            {
                // Cover only the statuses whose deltas still fit, with a chunk of their own.
                var fitting = 0;
                var room = budget - used - 2;
                while (fitting < taken && DeltaSize(symbols[covered + fitting]) <= room)
                {
                    room -= DeltaSize(symbols[covered + fitting]);
                    fitting++;
                }

                if (fitting == 0)
                {
                    break;
                }

                taken = NextChunk(symbols.Slice(covered, fitting), out chunk);
                bytes = DeltaBytes(symbols.Slice(covered, taken));
            }

            used += 2 + bytes;
            deltaBytes += bytes;
            chunks[count++] = chunk;
            covered += taken;
        }

        return count;
    }

    /// <summary>One chunk for the symbols at the start of <paramref name="symbols"/>; returns how many it covers.</summary>
    private static int NextChunk(ReadOnlySpan<byte> symbols, out ushort chunk)
    {
        var first = symbols[0];
        var run = 1;
        while (run < symbols.Length && run < MaximumRunLength && symbols[run] == first)
        {
            run++;
        }

        var oneBit = Math.Min(OneBitSymbolsPerChunk, symbols.Length);
        if (run >= oneBit || (run >= TwoBitSymbolsPerChunk && !AllOneBit(symbols[..oneBit])))
        {
            // §3.1.3 run length chunk: T=0, S (2 bits), run length (13 bits).
            chunk = (ushort)((first << 13) | run);
            return run;
        }

        if (AllOneBit(symbols[..oneBit]))
        {
            // §3.1.4 status vector chunk, T=1, S=0: 14 one-bit symbols, first in the top bit.
            var bits = 0;
            for (var i = 0; i < oneBit; i++)
            {
                bits |= symbols[i] << (OneBitSymbolsPerChunk - 1 - i);
            }

            chunk = (ushort)(0x8000 | bits);
            return oneBit;
        }

        // §3.1.4 status vector chunk, T=1, S=1: 7 two-bit symbols.
        var twoBit = Math.Min(TwoBitSymbolsPerChunk, symbols.Length);
        var pairs = 0;
        for (var i = 0; i < twoBit; i++)
        {
            pairs |= symbols[i] << (2 * (TwoBitSymbolsPerChunk - 1 - i));
        }

        chunk = (ushort)(0xC000 | pairs);
        return twoBit;
    }

    private static int DeltaBytes(ReadOnlySpan<byte> symbols)
    {
        var bytes = 0;
        foreach (var symbol in symbols)
        {
            bytes += DeltaSize(symbol);
        }

        return bytes;
    }

    private static bool AllOneBit(ReadOnlySpan<byte> symbols)
    {
        foreach (var symbol in symbols)
        {
            if (symbol > ReceivedSmallDelta)
            {
                return false;
            }
        }

        return true;
    }
}
