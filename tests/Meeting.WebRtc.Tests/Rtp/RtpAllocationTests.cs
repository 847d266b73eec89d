using Meeting.WebRtc.Rtp;

namespace Meeting.WebRtc.Tests.Rtp;

public sealed class RtpAllocationTests
{
    [Fact]
    public void ForwardingPath_ParseFindRewrite_AllocatesNothing()
    {
        var packet = RtpExtensionTypesTests.BuildWithExtension(3, [0x00, 0x01]);
        var mid = "0";
        Run(packet, mid, 100); // JIT and tiering before measuring

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = Run(packet, mid, 10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    private static long Run(byte[] packet, string mid, int iterations)
    {
        long sum = 0;
        for (var i = 0; i < iterations; i++)
        {
            if (!RtpHeader.TryParse(packet, out var header))
            {
                return -1;
            }

            RtpExtensions.TryFind(packet, header, 3, out var offset, out var length);
            sum += offset + length;
            if (RtpExtensions.TryFind(packet, header, 1, out offset, out length)
                && AudioLevelExtension.TryRead(packet.AsSpan(offset, length), out _, out var level))
            {
                sum += level;
            }

            sum += MidExtension.PacketHasMid(packet, header, 4, mid) ? 1 : 0;
            TransportWideSequenceNumberExtension.TryWrite(packet, header, 3, (ushort)i);
            RtpPacketWriter.WriteSequenceNumber(packet, (ushort)(header.SequenceNumber + 1));
            RtpPacketWriter.WriteTimestamp(packet, header.Timestamp + 3000);
            RtpPacketWriter.WriteSsrc(packet, header.Ssrc ^ 1);
            RtpPacketWriter.WritePayloadType(packet, (byte)(header.PayloadType ^ 1));
            RtpPacketWriter.WriteMarker(packet, !header.Marker);
        }

        return sum;
    }
}
