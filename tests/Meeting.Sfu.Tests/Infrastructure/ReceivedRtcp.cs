using Meeting.WebRtc.Rtcp;

namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>One RTCP packet (of a compound) a test peer received and unprotected.</summary>
internal sealed record ReceivedRtcp(byte PacketType, byte Format, byte[] Packet)
{
    public bool IsPli => PacketType == RtcpPacketType.PSFB && Format == PictureLossIndication.Format;

    public bool IsTransportFeedback => PacketType == RtcpPacketType.RTPFB && Format == TransportFeedback.Format;

    /// <summary>Splits an unprotected compound packet into its packets.</summary>
    public static List<ReceivedRtcp> Split(ReadOnlySpan<byte> compound)
    {
        var packets = new List<ReceivedRtcp>();
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var header, out var packet))
        {
            packets.Add(new ReceivedRtcp(header.PacketType, header.Format, packet.ToArray()));
        }

        return packets;
    }
}
