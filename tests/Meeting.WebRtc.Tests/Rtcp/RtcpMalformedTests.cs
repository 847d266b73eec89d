using Meeting.WebRtc.Rtcp;

namespace Meeting.WebRtc.Tests.Rtcp;

/// <summary>Truncations, bad versions, overrunning lengths and random bytes: every parser returns
/// false or a value, never throws.</summary>
public sealed class RtcpMalformedTests
{
    public static TheoryData<string> Literals() =>
    [
        RtcpTestPackets.SenderReport,
        RtcpTestPackets.ReceiverReport,
        RtcpTestPackets.SourceDescription,
        RtcpTestPackets.Goodbye,
        RtcpTestPackets.PictureLossIndication,
        RtcpTestPackets.GenericNack,
        RtcpTestPackets.FullIntraRequest,
        RtcpTestPackets.Remb,
        RtcpTestPackets.TransportFeedback,
        RtcpTestPackets.TransportFeedbackWrap,
    ];

    [Theory]
    [MemberData(nameof(Literals))]
    public void EveryTruncation_ReturnsFalse(string hex)
    {
        var bytes = RtcpTestPackets.Hex(hex);
        Assert.Equal(1, ParseAll(bytes));
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(0, ParseAll(bytes.AsSpan(0, length)));
        }
    }

    [Theory]
    [MemberData(nameof(Literals))]
    public void BadVersion_ReturnsFalse(string hex)
    {
        var bytes = RtcpTestPackets.Hex(hex);
        foreach (var version in new[] { 0, 1, 3 })
        {
            bytes[0] = (byte)((bytes[0] & 0x3F) | (version << 6));
            Assert.Equal(0, ParseAll(bytes));
        }
    }

    [Theory]
    [MemberData(nameof(Literals))]
    public void LengthOverrunningTheData_ReturnsFalse(string hex)
    {
        var bytes = RtcpTestPackets.Hex(hex);
        bytes[3]++;
        Assert.Equal(0, ParseAll(bytes));
        bytes[2] = 0xFF;
        Assert.Equal(0, ParseAll(bytes));
    }

    [Theory]
    [MemberData(nameof(Literals))]
    public void CountsClaimingMoreThanTheLength_ReturnFalse(string hex)
    {

        // Shrink the length by one word and cut the data to match: the packet's own counts overrun.
        var bytes = RtcpTestPackets.Hex(hex);
        var words = (bytes[2] << 8) | bytes[3];
        bytes[2] = (byte)((words - 1) >> 8);
        bytes[3] = (byte)(words - 1);
        var cut = bytes.AsSpan(0, bytes.Length - 4);
        if (hex == RtcpTestPackets.Goodbye)
        {
            // Cutting the BYE's last word leaves a valid BYE without a reason.
            Assert.True(Goodbye.TryParse(cut, out var bye));
            Assert.Null(bye.Reason);
            return;
        }

        Assert.Equal(0, ParseAll(cut));
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(3550);
        var buffer = new byte[96];
        for (var i = 0; i < 30_000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            buffer[1] = (byte)(200 + random.Next(7));
            buffer[2] = 0;
            buffer[3] = (byte)random.Next(26);
            var data = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            ParseAll(data);
            var reader = new RtcpCompoundReader(data);
            while (reader.TryReadNext(out var header, out var packet))
            {
                Assert.Equal(header.PacketLength, packet.Length);
            }
        }
    }

    /// <summary>How many parsers accepted the data (a literal packet is accepted by exactly its own).</summary>
    private static int ParseAll(ReadOnlySpan<byte> data)
    {
        var accepted = 0;
        accepted += SenderReport.TryParse(data, out _) ? 1 : 0;
        accepted += ReceiverReport.TryParse(data, out _) ? 1 : 0;
        accepted += SourceDescription.TryParse(data, out _) ? 1 : 0;
        accepted += Goodbye.TryParse(data, out _) ? 1 : 0;
        accepted += PictureLossIndication.TryParse(data, out _) ? 1 : 0;
        accepted += GenericNack.TryParse(data, out _) ? 1 : 0;
        accepted += FullIntraRequest.TryParse(data, out _) ? 1 : 0;
        accepted += Remb.TryParse(data, out _) ? 1 : 0;
        accepted += TransportFeedback.TryParse(data, out _) ? 1 : 0;
        return accepted;
    }
}
