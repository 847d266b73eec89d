using System.Buffers.Binary;
using Meeting.WebRtc.Srtp;
using static Meeting.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Meeting.WebRtc.Tests.Srtp;

/// <summary>The forwarding path's property: once an SSRC is known, protecting and unprotecting allocate nothing.</summary>
public sealed class SrtpSessionAllocationTests
{
    private const int Packets = 10_000;

    public static TheoryData<SrtpProfile> Profiles => SrtpSessionRoundTripTests.Profiles;

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RtpProtectAndUnprotect_OfAKnownSsrc_AllocateNothing(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        byte[] buffer = RtpPacket(0x1234, 0, 1200, csrcCount: 1, extensionWords: 2);
        int length = RtpLength(1200, 1, 2);
        RoundTrip(sender, receiver, buffer, length, 0); // the first packet creates the SSRC's state

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= Packets; i++)
        {
            RoundTrip(sender, receiver, buffer, length, (ushort)i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RtcpProtectAndUnprotect_OfAKnownSsrc_AllocateNothing(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        byte[] buffer = RtcpPacket(0x1234, 100);
        RoundTripRtcp(sender, receiver, buffer);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Packets; i++)
        {
            RoundTripRtcp(sender, receiver, buffer);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    private static void RoundTrip(SrtpSession sender, SrtpSession receiver, byte[] buffer, int length, ushort sequence)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        if (sender.ProtectRtp(buffer, length, out int protectedLength) != SrtpStatus.Ok
            || receiver.UnprotectRtp(buffer, protectedLength, out int plainLength) != SrtpStatus.Ok
            || plainLength != length)
        {
            Assert.Fail("round trip failed");
        }
    }

    private static void RoundTripRtcp(SrtpSession sender, SrtpSession receiver, byte[] buffer)
    {
        if (sender.ProtectRtcp(buffer, 100, out int protectedLength) != SrtpStatus.Ok
            || receiver.UnprotectRtcp(buffer, protectedLength, out int plainLength) != SrtpStatus.Ok
            || plainLength != 100)
        {
            Assert.Fail("round trip failed");
        }
    }
}
