using Meeting.WebRtc.Rtcp;

namespace Meeting.WebRtc.Tests.Rtcp;

/// <summary>Generic NACK (RFC 4585 §6.2.1) and PLI (§6.3.1), FIR (RFC 5104 §4.3.1) and REMB
/// (draft-alvestrand-rmcat-remb-03) from their layouts.</summary>
public sealed class Rfc4585Tests
{
    [Fact]
    public void PictureLossIndication_Literal_IsTwelveBytes()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.PictureLossIndication);
        Assert.True(PictureLossIndication.TryParse(bytes, out var pli));
        Assert.Equal(new PictureLossIndication(1, 2), pli);
        Assert.Equal(12, pli.GetSize());
        Assert.Equal(bytes, Rfc3550Tests.Write(pli.GetSize(), pli.WriteTo));
    }

    [Fact]
    public void GenericNack_Literal_EnumeratesLostSequenceNumbers()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.GenericNack);
        Assert.True(GenericNack.TryParse(bytes, out var nack));
        Assert.Equal((1u, 2u), (nack.SenderSsrc, nack.MediaSsrc));
        Assert.Equal([new NackPair(100, 0x0005)], nack.Pairs);

        Span<ushort> lost = stackalloc ushort[17];
        var count = nack.CopyLostSequenceNumbers(lost);
        Assert.Equal(new ushort[] { 100, 101, 103 }, lost[..count].ToArray());

        Assert.True(GenericNack.TryReadLostSequenceNumbers(bytes, lost, out var media, out count));
        Assert.Equal(2u, media);
        Assert.Equal(new ushort[] { 100, 101, 103 }, lost[..count].ToArray());
        Assert.Equal(bytes, Rfc3550Tests.Write(nack.GetSize(), nack.WriteTo));
    }

    [Fact]
    public void GenericNack_FromSequenceNumbers_GroupsAcrossWrap()
    {
        // 65534 + 16 following covers up to 14; 15 starts a new pair.
        ushort[] lost = [65534, 65535, 0, 14, 15, 40];
        var nack = GenericNack.FromSequenceNumbers(1, 2, lost);
        Assert.Equal([new NackPair(65534, 0b1000_0000_0000_0011), new NackPair(15, 0), new NackPair(40, 0)], nack.Pairs);

        var direct = new byte[GenericNack.GetSize(lost)];
        Assert.Equal(direct.Length, GenericNack.WriteFromSequenceNumbers(direct, 1, 2, lost));
        Assert.Equal(Rfc3550Tests.Write(nack.GetSize(), nack.WriteTo), direct);

        Span<ushort> read = stackalloc ushort[32];
        Assert.True(GenericNack.TryReadLostSequenceNumbers(direct, read, out _, out var count));
        Assert.Equal(lost, read[..count].ToArray());
    }

    [Fact]
    public void GenericNack_ShortDestination_FillsWhatFits()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.GenericNack);
        Span<ushort> lost = stackalloc ushort[2];
        Assert.True(GenericNack.TryReadLostSequenceNumbers(bytes, lost, out _, out var count));
        Assert.Equal(new ushort[] { 100, 101 }, lost[..count].ToArray());
    }

    [Fact]
    public void GenericNack_WithoutFci_ReturnsFalse() =>
        Assert.False(GenericNack.TryParse(RtcpTestPackets.Hex("81 CD 0002 00000001 00000002"), out _));

    [Fact]
    public void FullIntraRequest_Literal_ReadsEntries()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.FullIntraRequest);
        Assert.True(FullIntraRequest.TryParse(bytes, out var fir));
        Assert.Equal((1u, 0u), (fir.SenderSsrc, fir.MediaSsrc));
        Assert.Equal([new FirEntry(0x12345678, 5)], fir.Entries);
        Assert.Equal(bytes, Rfc3550Tests.Write(fir.GetSize(), fir.WriteTo));
    }

    [Fact]
    public void Remb_Literal_IsOneMegabit()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.Remb);
        Assert.True(Remb.TryParse(bytes, out var remb));
        Assert.Equal(1_000_000UL, remb.Bitrate);
        Assert.Equal([0x0A0B0C0Du], remb.Ssrcs);
        Assert.Equal(bytes, Rfc3550Tests.Write(remb.GetSize(), remb.WriteTo));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(262_143UL)] // largest mantissa, exponent 0
    [InlineData(262_144UL)]
    [InlineData(2_500_000UL)] // 2.5 Mbps = 156250 × 2^4
    [InlineData(0x3FFFFUL << 40)]
    public void Remb_RepresentableBitrates_RoundTrip(ulong bitrate)
    {
        var remb = new Remb { SenderSsrc = 1, Bitrate = bitrate, Ssrcs = [5, 6] };
        Assert.True(Remb.TryParse(Rfc3550Tests.Write(remb.GetSize(), remb.WriteTo), out var parsed));
        Assert.Equal(bitrate, parsed.Bitrate);
        Assert.Equal([5u, 6u], parsed.Ssrcs);
    }

    [Fact]
    public void Remb_UnrepresentableBitrate_IsTruncatedTo18SignificantBits()
    {
        var remb = new Remb { Bitrate = 1_000_001 };
        Assert.True(Remb.TryParse(Rfc3550Tests.Write(remb.GetSize(), remb.WriteTo), out var parsed));
        Assert.Equal(1_000_000UL, parsed.Bitrate);
    }

    [Fact]
    public void Remb_WrongIdentifier_ReturnsFalse() =>
        Assert.False(Remb.TryParse(RtcpTestPackets.Hex("8F CE 0005 00000001 00000000 52454D43 01 0BD090 0A0B0C0D"), out _));

    [Fact]
    public void Remb_HugeExponent_Saturates()
    {
        Assert.True(Remb.TryParse(RtcpTestPackets.Hex("8F CE 0004 00000001 00000000 52454D42 00 FFFFFF"), out var remb));
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
    }
}
