using Meeting.WebRtc.Rtp;

namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>One RTP packet a test peer received and unprotected.</summary>
internal sealed class ReceivedRtp
{
    public ReceivedRtp(byte[] packet)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            throw new InvalidOperationException("The server forwarded RTP that does not parse.");
        }

        Packet = packet;
        Header = header;
    }

    public byte[] Packet { get; }

    public RtpHeader Header { get; }

    public uint Ssrc => Header.Ssrc;

    public ushort SequenceNumber => Header.SequenceNumber;

    public byte PayloadType => Header.PayloadType;

    public byte[] Payload => Packet.AsSpan(Header.PayloadOffset, Header.PayloadLength).ToArray();
}
