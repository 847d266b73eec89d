using Meeting.WebRtc.Rtp;

namespace Meeting.WebRtc.Tests.Rtp;

public sealed class RtpPacketWriterTests
{
    [Fact]
    public void Rewrites_InPlace_ChangeOnlyTheirField()
    {
        var packet = RtpHeaderTests.Hex("90 E0 0001 00000002 00000003 BEDE 0001 10AA0000 0102");
        var before = packet.ToArray();

        RtpPacketWriter.WriteSequenceNumber(packet, 0xFFFE);
        RtpPacketWriter.WriteTimestamp(packet, 0xCAFEBABE);
        RtpPacketWriter.WriteSsrc(packet, 0x01020304);
        RtpPacketWriter.WritePayloadType(packet, 100);

        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(0xFFFE, header.SequenceNumber);
        Assert.Equal(0xCAFEBABEu, header.Timestamp);
        Assert.Equal(0x01020304u, header.Ssrc);
        Assert.Equal(100, header.PayloadType);
        Assert.True(header.Marker); // WritePayloadType keeps the marker
        Assert.Equal(before[0], packet[0]);
        Assert.Equal(before[12..], packet[12..]);

        RtpPacketWriter.WriteMarker(packet, false);
        Assert.True(RtpHeader.TryParse(packet, out header));
        Assert.False(header.Marker);
        Assert.Equal(100, header.PayloadType);
        RtpPacketWriter.WriteMarker(packet, true);
        Assert.Equal(0x80 | 100, packet[1]);
    }

    [Fact]
    public void WriteHeader_WithCsrcsAndExtension_ParsesBack()
    {
        Span<byte> extension = stackalloc byte[16];
        var writer = new RtpExtensionWriter(extension, twoByte: false);
        writer.Add(3, [0x12, 0x34]);
        var extensionLength = writer.Finish();
        Assert.Equal(8, extensionLength);

        var packet = new byte[64];
        var headerLength = RtpPacketWriter.WriteHeader(packet, 96, true, 7, 9000, 0xABCDEF01, [1u, 2u], extension[..extensionLength]);
        Assert.Equal(12 + 8 + 8, headerLength);
        packet[headerLength] = 0x55;

        Assert.True(RtpHeader.TryParse(packet.AsSpan(0, headerLength + 1), out var header));
        Assert.Equal((96, true, (ushort)7, 9000u, 0xABCDEF01u), (header.PayloadType, header.Marker, header.SequenceNumber, header.Timestamp, header.Ssrc));
        Assert.Equal(2u, header.GetCsrc(packet, 1));
        Assert.Equal(headerLength, header.HeaderLength);
        Assert.True(RtpExtensions.TryFind(packet, header, 3, out var offset, out var length));
        Assert.Equal(new byte[] { 0x12, 0x34 }, packet[offset..(offset + length)]);
    }

    [Fact]
    public void ExtensionWriter_OneByte_MatchesHandLayout()
    {
        var block = new byte[12];
        var writer = new RtpExtensionWriter(block, twoByte: false);
        writer.Add(1, [0xAA]);
        writer.Add(2, [0xBB, 0xCC]);
        Assert.Equal(12, writer.Finish());
        Assert.Equal(RtpHeaderTests.Hex("BEDE 0002 10AA 21BBCC 000000"), block);
    }

    [Fact]
    public void ExtensionWriter_TwoByte_MatchesHandLayout()
    {
        var block = new byte[12];
        var writer = new RtpExtensionWriter(block, twoByte: true);
        writer.Add(1, [0xAA]);
        writer.Add(16, []);
        Assert.Equal(12, writer.Finish());
        Assert.Equal(RtpHeaderTests.Hex("1000 0002 0101AA 1000 000000"), block);
    }

    [Fact]
    public void ExtensionWriter_OneByteOutOfRange_Throws()
    {
        var block = new byte[32];
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpExtensionWriter(block, false).Add(15, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpExtensionWriter(block, false).Add(1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpExtensionWriter(block, false).Add(1, new byte[17]));
    }
}
