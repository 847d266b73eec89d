using Meeting.WebRtc.Rtcp;

namespace Meeting.WebRtc.Tests.Rtcp;

/// <summary>RFC 3550 §6.1 compound packets.</summary>
public sealed class RtcpCompoundReaderTests
{
    [Fact]
    public void Compound_YieldsEachPacketInOrder()
    {
        var data = RtcpTestPackets.Hex(RtcpTestPackets.ReceiverReport + RtcpTestPackets.SourceDescription + RtcpTestPackets.PictureLossIndication + RtcpTestPackets.TransportFeedback);
        var reader = new RtcpCompoundReader(data);
        var types = new List<(byte Type, int Length)>();
        while (reader.TryReadNext(out var header, out var packet))
        {
            types.Add((header.PacketType, packet.Length));
            Assert.Equal(header.PacketLength, packet.Length);
        }

        Assert.Equal([(RtcpPacketType.RR, 32), (RtcpPacketType.SDES, 16), (RtcpPacketType.PSFB, 12), (RtcpPacketType.RTPFB, 28)], types);
        Assert.True(reader.IsComplete);
        Assert.False(reader.IsInvalid);
    }

    [Fact]
    public void Compound_EachSliceParsesAsItsType()
    {
        var data = RtcpTestPackets.Hex(RtcpTestPackets.SenderReport + RtcpTestPackets.GenericNack);
        var reader = new RtcpCompoundReader(data);
        Assert.True(reader.TryReadNext(out _, out var first));
        Assert.True(SenderReport.TryParse(first, out _));
        Assert.True(reader.TryReadNext(out _, out var second));
        Assert.True(GenericNack.TryParse(second, out _));
        Assert.False(reader.TryReadNext(out _, out _));
    }

    [Fact]
    public void Compound_SecondPacketOverruns_StopsAndReportsInvalid()
    {
        var data = RtcpTestPackets.Hex(RtcpTestPackets.ReceiverReport + "81 CE 0009 00000001 00000002");
        var reader = new RtcpCompoundReader(data);
        Assert.True(reader.TryReadNext(out var header, out _));
        Assert.Equal(RtcpPacketType.RR, header.PacketType);
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.True(reader.IsInvalid);
        Assert.False(reader.IsComplete);
    }

    [Theory]
    [InlineData("")]
    [InlineData("81 C9 00")] // shorter than a header
    [InlineData("41 C9 0000")] // version 1
    [InlineData("A0 C9 0000")] // padded, but the padding count byte is the header itself
    [InlineData("A0 C9 0001 00000000")] // padding count 0
    public void Malformed_IsInvalid(string hex)
    {
        var reader = new RtcpCompoundReader(RtcpTestPackets.Hex(hex));
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.True(reader.IsInvalid);
    }

    [Fact]
    public void TrailingGarbage_IsInvalidAfterTheGoodPackets()
    {
        var data = RtcpTestPackets.Hex(RtcpTestPackets.PictureLossIndication + "0000");
        var reader = new RtcpCompoundReader(data);
        Assert.True(reader.TryReadNext(out _, out _));
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.True(reader.IsInvalid);
    }

    [Fact]
    public void WalkAndNackRead_AllocateNothing()
    {
        var data = RtcpTestPackets.Hex(RtcpTestPackets.ReceiverReport + RtcpTestPackets.GenericNack + RtcpTestPackets.PictureLossIndication);
        var lost = new ushort[64];
        Walk(data, lost, 10);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = Walk(data, lost, 10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_000 * (3 + 3 + 1), total);
    }

    private static long Walk(byte[] data, ushort[] lost, int iterations)
    {
        long total = 0;
        for (var i = 0; i < iterations; i++)
        {
            var reader = new RtcpCompoundReader(data);
            while (reader.TryReadNext(out var header, out var packet))
            {
                total++;
                if (header.PacketType == RtcpPacketType.RTPFB && GenericNack.TryReadLostSequenceNumbers(packet, lost, out _, out var count))
                {
                    total += count;
                }
                else if (PictureLossIndication.TryParse(packet, out _))
                {
                    total++;
                }
            }
        }

        return total;
    }
}
