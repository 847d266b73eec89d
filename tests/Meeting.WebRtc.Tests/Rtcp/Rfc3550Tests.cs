using Meeting.WebRtc.Rtcp;

namespace Meeting.WebRtc.Tests.Rtcp;

/// <summary>SR, RR, SDES and BYE from the layouts of RFC 3550 §6.4-§6.6.</summary>
public sealed class Rfc3550Tests
{
    private static readonly ReportBlock ExpectedBlock = new(0x0A0B0C0D, 0x40, -2, 0x00010005, 0x20, 0x11223344, 0x00018000);

    [Fact]
    public void SenderReport_Literal_ParsesEveryField()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.SenderReport);
        Assert.True(SenderReport.TryParse(bytes, out var sr));
        Assert.Equal(0x01020304u, sr.Ssrc);
        Assert.Equal(0xE0000000_80000000UL, sr.NtpTimestamp);
        Assert.Equal(0x00008000u, sr.CompactNtp);
        Assert.Equal(90000u, sr.RtpTimestamp);
        Assert.Equal(10u, sr.PacketCount);
        Assert.Equal(1000u, sr.OctetCount);
        Assert.Equal([ExpectedBlock], sr.ReportBlocks);
        Assert.Equal(bytes, Write(sr.GetSize(), sr.WriteTo));
    }

    [Fact]
    public void ReceiverReport_Literal_ParsesAndWritesBack()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.ReceiverReport);
        Assert.True(ReceiverReport.TryParse(bytes, out var rr));
        Assert.Equal(0x01020304u, rr.Ssrc);
        Assert.Equal([ExpectedBlock], rr.ReportBlocks);
        Assert.Equal(bytes, Write(rr.GetSize(), rr.WriteTo));
    }

    [Fact]
    public void ReceiverReport_Empty_IsEightBytes()
    {
        var rr = new ReceiverReport { Ssrc = 7 };
        Assert.Equal(RtcpTestPackets.Hex("80 C9 0001 00000007"), Write(rr.GetSize(), rr.WriteTo));
    }

    [Fact]
    public void SourceDescription_Literal_ReadsCname()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.SourceDescription);
        Assert.True(SourceDescription.TryParse(bytes, out var sdes));
        var chunk = Assert.Single(sdes.Chunks);
        Assert.Equal(0x01020304u, chunk.Ssrc);
        Assert.Equal("abcd", chunk.Cname);
        Assert.Equal(bytes, Write(sdes.GetSize(), sdes.WriteTo));
    }

    [Fact]
    public void SourceDescription_ItemsEndingOnWordBoundary_GetAFullNullWord()
    {
        // Items "ab" (2+2 bytes) end the chunk on a word boundary: a whole word of zeros follows.
        var sdes = new SourceDescription { Chunks = [new SdesChunk { Ssrc = 9, Items = [new SdesItem(SdesItemType.CNAME, "ab")] }] };
        var bytes = Write(sdes.GetSize(), sdes.WriteTo);
        Assert.Equal(RtcpTestPackets.Hex("81 CA 0003 00000009 0102 6162 00000000"), bytes);
        Assert.True(SourceDescription.TryParse(bytes, out var parsed));
        Assert.Equal("ab", parsed.Chunks[0].Cname);
    }

    [Fact]
    public void Goodbye_Literal_ReadsSourcesAndReason()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.Goodbye);
        Assert.True(Goodbye.TryParse(bytes, out var bye));
        Assert.Equal([0x01020304u], bye.Sources);
        Assert.Equal("bye", bye.Reason);
        Assert.Equal(bytes, Write(bye.GetSize(), bye.WriteTo));
    }

    [Fact]
    public void Goodbye_WithoutReason_HasNullReason()
    {
        Assert.True(Goodbye.TryParse(RtcpTestPackets.Hex("82 CB 0002 00000001 00000002"), out var bye));
        Assert.Equal([1u, 2u], bye.Sources);
        Assert.Null(bye.Reason);
    }

    [Fact]
    public void Header_Literal_ReadsFields()
    {
        Assert.True(RtcpHeader.TryParse(RtcpTestPackets.Hex(RtcpTestPackets.ReceiverReport), out var header));
        Assert.Equal((2, false, (byte)1, RtcpPacketType.RR, (ushort)7, 32), (header.Version, header.Padding, header.Count, header.PacketType, header.Length, header.PacketLength));
    }

    [Fact]
    public void PaddedPacket_PaddingIsIgnoredByTheBody()
    {
        // P=1, RC=0 RR with 4 padding bytes (length 2 → 12 bytes), last byte counts them.
        var bytes = RtcpTestPackets.Hex("A0 C9 0002 00000007 00000004");
        Assert.True(ReceiverReport.TryParse(bytes, out var rr));
        Assert.Equal(7u, rr.Ssrc);
        Assert.Empty(rr.ReportBlocks);
        Assert.False(ReceiverReport.TryParse(RtcpTestPackets.Hex("A0 C9 0002 00000007 00000000"), out _));
        Assert.False(ReceiverReport.TryParse(RtcpTestPackets.Hex("A0 C9 0002 00000007 00000009"), out _));
    }

    internal delegate int Writer(Span<byte> destination);

    internal static byte[] Write(int size, Writer write)
    {
        var buffer = new byte[size];
        Assert.Equal(size, write(buffer));
        return buffer;
    }
}
