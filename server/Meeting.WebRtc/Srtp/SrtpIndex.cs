namespace Meeting.WebRtc.Srtp;

/// <summary>The 48-bit SRTP packet index i = 2^16 * ROC + SEQ, and its estimation from a 16-bit
/// sequence number.</summary>
/// <remarks>RFC 3711 §3.3.1 and Appendix A.</remarks>
internal static class SrtpIndex
{
    /// <summary>The largest SRTP index: the index is 48 bits.</summary>
    public const ulong MaxIndex = (1UL << 48) - 1;

    /// <summary>The largest SRTCP index: the index is 31 bits.</summary>
    public const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    public static ulong Compose(uint rolloverCounter, ushort sequenceNumber) =>
        ((ulong)rolloverCounter << 16) | sequenceNumber;

    public static uint RolloverCounter(ulong index) => (uint)(index >> 16);

    /// <summary>Guesses the index of a packet with sequence number <paramref name="sequenceNumber"/> from the
    /// stream's rollover counter and highest sequence number s_l so far (Appendix A). ReplayDetected when
    /// the guess is ROC - 1 while ROC is 0 (the packet would predate the stream), KeyLimitReached when it
    /// is ROC + 1 past 2^32 - 1 (the index space is spent).</summary>
    public static SrtpStatus Estimate(uint rolloverCounter, ushort highestSequence, ushort sequenceNumber, out ulong index)
    {
        const int Half = 32_768;
        int seq = sequenceNumber;
        int sl = highestSequence;
        long v = rolloverCounter;
        if (sl < Half)
        {
            if (seq - sl > Half)
            {
                v--;
            }
        }
        else if (sl - Half > seq)
        {
            v++;
        }

        index = 0;
        if (v < 0)
        {
            return SrtpStatus.ReplayDetected;
        }

        if (v > uint.MaxValue)
        {
            return SrtpStatus.KeyLimitReached;
        }

        index = Compose((uint)v, sequenceNumber);
        return SrtpStatus.Ok;
    }
}
