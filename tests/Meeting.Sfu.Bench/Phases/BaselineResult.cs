using Meeting.WebRtc.Srtp;

namespace Meeting.Sfu.Bench.Phases;

/// <summary>What one core does without the SFU, measured in the same run: CPU per loopback UDP send and
/// receive of a 1200-byte datagram, and per SRTP protect and unprotect of one, by profile.</summary>
internal sealed record BaselineResult(
    double SendMicroseconds,
    double ReceiveMicroseconds,
    double SendsPerSecondWall,
    IReadOnlyDictionary<SrtpProfile, (double Protect, double Unprotect)> Srtp)
{
    /// <summary>CPU of forwarding one packet to one of <paramref name="consumers"/>: its protect and send,
    /// plus a share of the receive and unprotect of the packet it copies.</summary>
    public double CeilingMicroseconds(SrtpProfile profile, int consumers)
    {
        var (protect, unprotect) = Srtp[profile];
        return SendMicroseconds + protect + (ReceiveMicroseconds + unprotect) / consumers;
    }

    /// <summary>Packets per second one core could forward doing only recv + unprotect + N × (protect + send).</summary>
    public double CeilingPerCore(SrtpProfile profile, int consumers) => 1_000_000 / CeilingMicroseconds(profile, consumers);
}
