namespace Meeting.WebRtc.Srtp;

/// <summary>What one session remembers of one SSRC: the SRTP rollover counter and highest sequence
/// number, the replay windows, and the next SRTCP index to send.</summary>
/// <remarks>RFC 3711 §3.2.1 (the per-SSRC part of the cryptographic context) and §3.3.1. Fields, not
/// properties, because the windows are mutable structs updated in place.</remarks>
internal sealed class SrtpStreamState(uint ssrc)
{
    public readonly uint Ssrc = ssrc;

    /// <summary>Whether an RTP packet of this SSRC was protected or accepted yet (ROC and s_l are set).</summary>
    public bool HasRtp;

    /// <summary>ROC: how many times the 16-bit sequence number wrapped.</summary>
    public uint RolloverCounter;

    /// <summary>s_l: the highest sequence number seen, under <see cref="RolloverCounter"/>.</summary>
    public ushort HighestSequence;

    public ReplayWindow RtpWindow;

    /// <summary>The SRTCP index the next protected RTCP packet gets; starts at 0 (RFC 3711 §3.3.1).</summary>
    public uint NextSrtcpIndex;

    public ReplayWindow RtcpWindow;

    /// <summary>The highest index of this stream so far: 2^16 * ROC + s_l.</summary>
    public ulong HighestIndex => SrtpIndex.Compose(RolloverCounter, HighestSequence);

    /// <summary>Moves ROC and s_l forward when <paramref name="index"/> is the highest yet; a late packet changes neither.</summary>
    public void AdvanceRtp(ulong index)
    {
        if (!HasRtp || index > HighestIndex)
        {
            HasRtp = true;
            RolloverCounter = SrtpIndex.RolloverCounter(index);
            HighestSequence = (ushort)index;
        }
    }
}
