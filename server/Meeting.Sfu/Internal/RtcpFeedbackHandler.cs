using System.Buffers.Binary;
using Meeting.WebRtc.Rtcp;

namespace Meeting.Sfu.Internal;

/// <summary>
/// What the server does with the RTCP a browser sends it. From a publisher: sender reports go on to the
/// consumers of that stream (with its report blocks removed: they describe what the publisher receives),
/// so that every subscriber can sync audio and video. From a subscriber: NACKs are answered from the
/// producer's retransmission buffer, PLI and FIR become a keyframe request to the producer. Receiver
/// reports and the subscribers' own congestion feedback end here: the server does no downstream rate
/// control yet.
/// </summary>
internal static class RtcpFeedbackHandler
{
    private const int MaxNacked = 256;

    /// <summary>Common header, sender SSRC, media SSRC (RFC 4585 §6.1).</summary>
    private const int FeedbackFixedSize = 12;

    /// <summary>Returns false when the compound packet was malformed (what came before the fault was handled).</summary>
    public static bool Handle(WebRtcTransport transport, ReadOnlySpan<byte> compound, TimeSpan now)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var header, out var packet))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.SR:
                    ForwardSenderReport(transport, packet);
                    break;
                case RtcpPacketType.RTPFB when header.Format == GenericNack.Format:
                    AnswerNack(transport, packet);
                    break;
                case RtcpPacketType.PSFB when header.Format is PictureLossIndication.Format or FullIntraRequest.Format:
                    RequestKeyFrame(transport, packet, now);
                    break;
                default:
                    break;
            }
        }

        return !reader.IsInvalid;
    }

    private static void ForwardSenderReport(WebRtcTransport transport, ReadOnlySpan<byte> packet)
    {
        if (packet.Length < SenderReport.FixedSize)
        {
            return;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..8]);
        if (!transport.TryFindProducer(ssrc, out var producer) || producer.Paused)
        {
            return;
        }

        // Header + sender info only: report count 0, length 6 words (RFC 3550 §6.4.1).
        Span<byte> report = stackalloc byte[SenderReport.FixedSize];
        packet[..SenderReport.FixedSize].CopyTo(report);
        report[0] = 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(report[2..4], SenderReport.FixedSize / 4 - 1);
        Span<byte> copy = stackalloc byte[SenderReport.FixedSize + 64];
        foreach (var consumer in producer.Consumers)
        {
            // SRTCP protects in place, so each consumer gets a fresh copy (with room for the trailer).
            report.CopyTo(copy);
            consumer.Transport.SendRtcp(copy, SenderReport.FixedSize);
        }
    }

    private static void AnswerNack(WebRtcTransport transport, ReadOnlySpan<byte> packet)
    {
        Span<ushort> lost = stackalloc ushort[MaxNacked];
        if (!GenericNack.TryReadLostSequenceNumbers(packet, lost, out var mediaSsrc, out var count)
            || !transport.TryFindConsumer(mediaSsrc, out var consumer))
        {
            return;
        }

        transport.Metrics.Nacked(count);
        foreach (var sequence in lost[..count])
        {
            transport.Retransmit(consumer, sequence);
        }
    }

    private static void RequestKeyFrame(WebRtcTransport transport, ReadOnlySpan<byte> packet, TimeSpan now)
    {
        if (packet.Length < FeedbackFixedSize)
        {
            return;
        }

        // PLI names the stream in its media SSRC (RFC 4585 §6.3.1); FIR in its first entry (RFC 5104 §4.3.1.1).
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..12]);
        if (ssrc == 0 && packet.Length >= FeedbackFixedSize + 8)
        {
            ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[12..16]);
        }

        if (transport.TryFindConsumer(ssrc, out var consumer))
        {
            consumer.Producer.Transport.SendKeyFrameRequest(consumer.Producer, now, transport.KeyFrameRequestIntervalFor(consumer, now));
        }
    }
}
