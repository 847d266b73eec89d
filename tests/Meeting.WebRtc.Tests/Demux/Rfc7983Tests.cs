using Meeting.WebRtc.Demux;

namespace Meeting.WebRtc.Tests.Demux;

/// <summary>RFC 7983 §7 first-byte ranges and RFC 5761 §4 RTP/RTCP split.</summary>
public sealed class Rfc7983Tests
{
    private static byte[] Datagram(byte first, byte second = 0x60, int length = 64)
    {
        var data = new byte[length];
        data[0] = first;
        data[1] = second;
        return data;
    }

    [Theory]
    [InlineData(0, PacketKind.Stun)]
    [InlineData(1, PacketKind.Stun)]
    [InlineData(3, PacketKind.Stun)]
    [InlineData(4, PacketKind.Unknown)]
    [InlineData(15, PacketKind.Unknown)]
    [InlineData(16, PacketKind.Unknown)] // ZRTP
    [InlineData(19, PacketKind.Unknown)] // ZRTP
    [InlineData(20, PacketKind.Dtls)]
    [InlineData(22, PacketKind.Dtls)]
    [InlineData(63, PacketKind.Dtls)]
    [InlineData(64, PacketKind.Unknown)] // TURN channel
    [InlineData(79, PacketKind.Unknown)] // TURN channel
    [InlineData(80, PacketKind.Unknown)]
    [InlineData(127, PacketKind.Unknown)]
    [InlineData(128, PacketKind.Rtp)]
    [InlineData(144, PacketKind.Rtp)]
    [InlineData(191, PacketKind.Rtp)]
    [InlineData(192, PacketKind.Unknown)]
    [InlineData(255, PacketKind.Unknown)]
    public void Classify_FirstByte_SelectsRange(int first, PacketKind expected) =>
        Assert.Equal(expected, PacketClassifier.Classify(Datagram((byte)first)));

    [Fact]
    public void Classify_EveryFirstByte_MatchesTheRfcTable()
    {
        for (var first = 0; first <= 255; first++)
        {
            var expected = first switch
            {
                <= 3 => PacketKind.Stun,
                >= 20 and <= 63 => PacketKind.Dtls,
                >= 128 and <= 191 => PacketKind.Rtp,
                _ => PacketKind.Unknown,
            };
            Assert.Equal(expected, PacketClassifier.Classify(Datagram((byte)first)));
        }
    }

    [Fact]
    public void Classify_SecondByte192To223_IsRtcp_OtherwiseRtp()
    {
        for (var second = 0; second <= 255; second++)
        {
            var expected = second is >= 192 and <= 223 ? PacketKind.Rtcp : PacketKind.Rtp;
            Assert.Equal(expected, PacketClassifier.Classify(Datagram(0x80, (byte)second)));
        }
    }

    [Theory]
    [InlineData(0x80, 191)] // PT 63 with the marker bit
    [InlineData(0x80, 224)] // PT 96 with the marker bit
    [InlineData(0x80, 0xEF)] // PT 111 with the marker bit
    public void Classify_MarkerBitSetOnDynamicPayloadType_IsRtp(int first, int second) =>
        Assert.Equal(PacketKind.Rtp, PacketClassifier.Classify(Datagram((byte)first, (byte)second)));

    [Fact]
    public void Classify_PayloadType72WithMarker_LooksLikeRtcp_WhichIsWhyRfc5761ForbidsIt() =>
        Assert.Equal(PacketKind.Rtcp, PacketClassifier.Classify(Datagram(0x80, 0x80 | 72)));

    [Theory]
    [InlineData(0x00, 0x01, 19, PacketKind.Unknown)]
    [InlineData(0x00, 0x01, 20, PacketKind.Stun)]
    [InlineData(22, 0xFE, 12, PacketKind.Unknown)]
    [InlineData(22, 0xFE, 13, PacketKind.Dtls)]
    [InlineData(0x80, 0x60, 11, PacketKind.Unknown)]
    [InlineData(0x80, 0x60, 12, PacketKind.Rtp)]
    [InlineData(0x80, 200, 7, PacketKind.Unknown)]
    [InlineData(0x80, 200, 8, PacketKind.Rtcp)]
    public void Classify_BelowMinimumLength_IsUnknown(int first, int second, int length, PacketKind expected) =>
        Assert.Equal(expected, PacketClassifier.Classify(Datagram((byte)first, (byte)second, length)));

    [Fact]
    public void Classify_EmptyOrOneByte_IsUnknown()
    {
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify([]));
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify([0x80]));
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify([0x00]));
    }
}
