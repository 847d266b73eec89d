using Meeting.WebRtc.Rtp;

namespace Meeting.WebRtc.Tests.Rtp;

/// <summary>Literal packets laid out by hand from RFC 3550 §5.1 and RFC 8285 §4.</summary>
public sealed class RtpHeaderTests
{
    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    // V=2, P=0, X=0, CC=0 | M=0, PT=96 | seq 0x1234 | ts 0x00001000 | SSRC 0xDEADBEEF | payload 01 02 03
    internal const string Plain = "80 60 1234 00001000 DEADBEEF 010203";

    [Fact]
    public void Parse_PlainPacket_ReadsFixedHeader()
    {
        var packet = Hex(Plain);
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(2, header.Version);
        Assert.False(header.Marker);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(0x1234, header.SequenceNumber);
        Assert.Equal(0x1000u, header.Timestamp);
        Assert.Equal(0xDEADBEEFu, header.Ssrc);
        Assert.Equal(0, header.CsrcCount);
        Assert.False(header.HasExtension);
        Assert.Equal(12, header.HeaderLength);
        Assert.Equal(12, header.PayloadOffset);
        Assert.Equal(3, header.PayloadLength);
        Assert.Equal(0, header.PaddingLength);
    }

    [Fact]
    public void Parse_MarkerAndCsrcs_ReadsBoth()
    {
        // CC=2, M=1 PT=111; CSRCs 0x11111111 and 0x22222222
        var packet = Hex("82 EF 0001 00000002 00000003 11111111 22222222 AABB");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(header.Marker);
        Assert.Equal(111, header.PayloadType);
        Assert.Equal(2, header.CsrcCount);
        Assert.Equal(0x11111111u, header.GetCsrc(packet, 0));
        Assert.Equal(0x22222222u, header.GetCsrc(packet, 1));
        Assert.Equal(20, header.HeaderLength);
        Assert.Equal(2, header.PayloadLength);
    }

    [Fact]
    public void Parse_OneByteExtension_FindsEveryElement()
    {
        // X=1; BEDE, length 2 words; id 1 len 1 = AA; id 2 len 2 = BB CC; 3 padding bytes.
        var packet = Hex("90 60 0001 00000002 00000003 BEDE 0002 10AA 21BBCC 000000 FF");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(header.HasExtension);
        Assert.Equal(0xBEDE, header.ExtensionProfile);
        Assert.Equal(16, header.ExtensionOffset);
        Assert.Equal(8, header.ExtensionLength);
        Assert.Equal(24, header.HeaderLength);
        Assert.Equal(1, header.PayloadLength);

        Assert.True(RtpExtensions.TryFind(packet, header, 1, out var offset, out var length));
        Assert.Equal((17, 1), (offset, length));
        Assert.Equal(0xAA, packet[offset]);
        Assert.True(RtpExtensions.TryFind(packet, header, 2, out offset, out length));
        Assert.Equal((19, 2), (offset, length));
        Assert.Equal(new byte[] { 0xBB, 0xCC }, packet[offset..(offset + length)]);
        Assert.False(RtpExtensions.TryFind(packet, header, 3, out _, out _));
    }

    [Fact]
    public void Parse_TwoByteExtension_FindsElementsIncludingEmptyAndHighIds()
    {
        // 0x1000 with appbits 0; id 1 len 1 = AA; id 16 len 0; padding; 2 words.
        var packet = Hex("90 60 0001 00000002 00000003 1000 0002 0101AA 1000 000000");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(0, header.PayloadLength);
        Assert.True(RtpExtensions.TryFind(packet, header, 1, out var offset, out var length));
        Assert.Equal((18, 1), (offset, length));
        Assert.True(RtpExtensions.TryFind(packet, header, 16, out offset, out length));
        Assert.Equal((21, 0), (offset, length));
    }

    [Fact]
    public void Parse_TwoByteExtensionWithAppBits_IsStillTwoByte()
    {
        var packet = Hex("90 60 0001 00000002 00000003 100F 0001 0501AA00");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(RtpExtensions.TryFind(packet, header, 5, out var offset, out _));
        Assert.Equal(0xAA, packet[offset]);
    }

    [Fact]
    public void Find_OneByteIdFifteen_StopsProcessing()
    {
        // RFC 8285 §4.2: ID 15 ends the list even if more elements seem to follow.
        var packet = Hex("90 60 0001 00000002 00000003 BEDE 0001 F0 10AA 00");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.False(RtpExtensions.TryFind(packet, header, 1, out _, out _));
    }

    [Fact]
    public void Find_UnknownProfile_FindsNothing()
    {
        var packet = Hex("90 60 0001 00000002 00000003 ABCD 0001 10AA0000");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.False(RtpExtensions.TryFind(packet, header, 1, out _, out _));
    }

    [Fact]
    public void Find_ElementOverrunningBlock_ReturnsFalse()
    {
        // id 1 claims 4 bytes but only 3 remain in the 1-word block.
        var packet = Hex("90 60 0001 00000002 00000003 BEDE 0001 13AABBCC 00");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.False(RtpExtensions.TryFind(packet, header, 1, out _, out _));
    }

    [Fact]
    public void Parse_Padding_ExcludesItFromPayload()
    {
        // P=1; payload 010203; 4 padding bytes, the last counting them.
        var packet = Hex("A0 60 0001 00000002 00000003 010203 00000004");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(header.HasPadding);
        Assert.Equal(4, header.PaddingLength);
        Assert.Equal(3, header.PayloadLength);
        Assert.Equal(packet.Length, header.PacketLength);
    }

    [Theory]
    [InlineData("A0 60 0001 00000002 00000003 010200")] // padding count 0
    [InlineData("A0 60 0001 00000002 00000003 0102FF")] // padding longer than the payload
    [InlineData("40 60 0001 00000002 00000003")] // version 1
    [InlineData("C0 60 0001 00000002 00000003")] // version 3
    [InlineData("81 60 0001 00000002 00000003")] // CSRC missing
    [InlineData("90 60 0001 00000002 00000003 BEDE")] // extension header cut
    [InlineData("90 60 0001 00000002 00000003 BEDE 0002 10AA0000")] // extension longer than the packet
    [InlineData("80 60 0001 00000002 000000")] // 11 bytes
    public void Parse_Malformed_ReturnsFalse(string hex) => Assert.False(RtpHeader.TryParse(Hex(hex), out _));

    [Fact]
    public void Parse_PaddingCoveringWholePayload_IsValid()
    {
        var packet = Hex("A0 60 0001 00000002 00000003 00000004");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(0, header.PayloadLength);
    }

    [Fact]
    public void Parse_EveryTruncation_ReturnsFalseOrParsesConsistently()
    {
        var packet = Hex("B2 EF 0001 00000002 00000003 11111111 22222222 BEDE 0002 10AA 21BBCC 000000 0102 00000004");
        Assert.True(RtpHeader.TryParse(packet, out _));
        for (var length = 0; length < packet.Length; length++)
        {
            if (RtpHeader.TryParse(packet.AsSpan(0, length), out var header))
            {
                Assert.Equal(length, header.PacketLength);
            }
        }

        // Cut anywhere inside the header, it never parses.
        for (var length = 0; length < 32; length++)
        {
            Assert.False(RtpHeader.TryParse(packet.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        var random = new Random(7983);
        var buffer = new byte[64];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            var packet = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            if (RtpHeader.TryParse(packet, out var header))
            {
                Assert.Equal(packet.Length, header.PacketLength);
                for (byte id = 1; id < 20; id++)
                {
                    if (RtpExtensions.TryFind(packet, header, id, out var offset, out var length))
                    {
                        Assert.InRange(offset + length, 0, header.HeaderLength);
                    }
                }
            }
        }
    }
}
