using Meeting.WebRtc.Rtcp;

namespace Meeting.WebRtc.Tests.Rtcp;

/// <summary>Build → bytes → parse → equal, for every packet type.</summary>
public sealed class RtcpRoundTripTests
{
    private static readonly ReportBlock[] Blocks =
    [
        new(1, 0, 0, 0, 0, 0, 0),
        new(0xFFFFFFFF, 255, ReportBlock.MinimumCumulativeLost, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF),
        new(7, 12, ReportBlock.MaximumCumulativeLost, 0x00020001, 40, 0x12345678, 65536),
    ];

    private static byte[] Bytes(int size, Rfc3550Tests.Writer write) => Rfc3550Tests.Write(size, write);

    [Fact]
    public void SenderReport_RoundTrips()
    {
        var sr = new SenderReport { Ssrc = 9, NtpTimestamp = 0x0123456789ABCDEF, RtpTimestamp = 3, PacketCount = 4, OctetCount = 5, ReportBlocks = Blocks };
        Assert.True(SenderReport.TryParse(Bytes(sr.GetSize(), sr.WriteTo), out var parsed));
        Assert.Equal((sr.Ssrc, sr.NtpTimestamp, sr.RtpTimestamp, sr.PacketCount, sr.OctetCount), (parsed.Ssrc, parsed.NtpTimestamp, parsed.RtpTimestamp, parsed.PacketCount, parsed.OctetCount));
        Assert.Equal(Blocks, parsed.ReportBlocks);
    }

    [Fact]
    public void ReceiverReport_RoundTrips()
    {
        var rr = new ReceiverReport { Ssrc = 9, ReportBlocks = Blocks };
        Assert.True(ReceiverReport.TryParse(Bytes(rr.GetSize(), rr.WriteTo), out var parsed));
        Assert.Equal(9u, parsed.Ssrc);
        Assert.Equal(Blocks, parsed.ReportBlocks);
    }

    [Fact]
    public void SourceDescription_RoundTrips()
    {
        var sdes = new SourceDescription
        {
            Chunks =
            [
                new SdesChunk { Ssrc = 1, Items = [new SdesItem(SdesItemType.CNAME, "user@example.com"), new SdesItem(SdesItemType.TOOL, "Meeting ✓")] },
                new SdesChunk { Ssrc = 2, Items = [] },
                new SdesChunk { Ssrc = 3, Items = [new SdesItem(SdesItemType.NOTE, new string('x', 255))] },
            ],
        };
        Assert.True(SourceDescription.TryParse(Bytes(sdes.GetSize(), sdes.WriteTo), out var parsed));
        Assert.Equal(sdes.Chunks.Select(c => c.Ssrc), parsed.Chunks.Select(c => c.Ssrc));
        for (var i = 0; i < sdes.Chunks.Count; i++)
        {
            Assert.Equal(sdes.Chunks[i].Items, parsed.Chunks[i].Items);
        }
    }

    [Fact]
    public void Goodbye_RoundTrips()
    {
        var bye = new Goodbye { Sources = [1, 2, 3], Reason = "left the room" };
        Assert.True(Goodbye.TryParse(Bytes(bye.GetSize(), bye.WriteTo), out var parsed));
        Assert.Equal(bye.Sources, parsed.Sources);
        Assert.Equal(bye.Reason, parsed.Reason);
    }

    [Fact]
    public void GenericNack_RoundTrips()
    {
        var nack = new GenericNack { SenderSsrc = 1, MediaSsrc = 2, Pairs = [new NackPair(1, 0xFFFF), new NackPair(65535, 0x8001)] };
        Assert.True(GenericNack.TryParse(Bytes(nack.GetSize(), nack.WriteTo), out var parsed));
        Assert.Equal((1u, 2u), (parsed.SenderSsrc, parsed.MediaSsrc));
        Assert.Equal(nack.Pairs, parsed.Pairs);
    }

    [Fact]
    public void PictureLossIndication_RoundTrips()
    {
        var pli = new PictureLossIndication(0xFFFFFFFF, 0x01020304);
        Assert.True(PictureLossIndication.TryParse(Bytes(pli.GetSize(), pli.WriteTo), out var parsed));
        Assert.Equal(pli, parsed);
    }

    [Fact]
    public void FullIntraRequest_RoundTrips()
    {
        var fir = new FullIntraRequest { SenderSsrc = 1, Entries = [new FirEntry(2, 0), new FirEntry(3, 255)] };
        Assert.True(FullIntraRequest.TryParse(Bytes(fir.GetSize(), fir.WriteTo), out var parsed));
        Assert.Equal(fir.Entries, parsed.Entries);
    }

    [Fact]
    public void Remb_RoundTrips()
    {
        var remb = new Remb { SenderSsrc = 1, Bitrate = 3_000_000, Ssrcs = [1, 2, 3, 4] };
        Assert.True(Remb.TryParse(Bytes(remb.GetSize(), remb.WriteTo), out var parsed));
        Assert.Equal((remb.SenderSsrc, remb.Bitrate), (parsed.SenderSsrc, parsed.Bitrate));
        Assert.Equal(remb.Ssrcs, parsed.Ssrcs);
    }

    [Fact]
    public void TransportFeedback_RoundTrips()
    {
        var feedback = new TransportFeedback
        {
            SenderSsrc = 1,
            MediaSsrc = 2,
            BaseSequenceNumber = 65535,
            ReferenceTime = (1 << 23) - 1,
            FeedbackPacketCount = 255,
            Entries = [new(65535, true, 0), new(0, false, 0), new(1, true, short.MinValue), new(2, true, short.MaxValue)],
        };
        Assert.True(TransportFeedback.TryParse(Bytes(feedback.GetSize(), feedback.WriteTo), out var parsed));
        Assert.Equal((feedback.BaseSequenceNumber, feedback.ReferenceTime, feedback.FeedbackPacketCount), (parsed.BaseSequenceNumber, parsed.ReferenceTime, parsed.FeedbackPacketCount));
        Assert.Equal(feedback.Entries, parsed.Entries);
    }

    [Fact]
    public void RtcpHeader_RoundTrips()
    {
        var header = new RtcpHeader(true, 31, RtcpPacketType.APP, 3);
        var bytes = new byte[16];
        Assert.Equal(4, header.WriteTo(bytes));
        Assert.True(RtcpHeader.TryParse(bytes, out var parsed));
        Assert.Equal(header, parsed);
    }
}
