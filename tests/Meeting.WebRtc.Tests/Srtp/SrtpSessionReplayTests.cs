using Meeting.WebRtc.Srtp;
using static Meeting.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Meeting.WebRtc.Tests.Srtp;

/// <summary>Replay protection (RFC 3711 §3.3.2) for SRTP and, per SSRC, SRTCP.</summary>
public sealed class SrtpSessionReplayTests
{
    public static TheoryData<SrtpProfile> Profiles => SrtpSessionRoundTripTests.Profiles;

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_SamePacketTwice_IsReplayDetected(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        byte[] packet = Protect(sender, 1, 100);

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet.ToArray(), packet.Length, out _));
        Assert.Equal(SrtpStatus.ReplayDetected, receiver.UnprotectRtp(packet.ToArray(), packet.Length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_OutOfOrderWithinTheWindow_IsAcceptedOnce(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        byte[][] packets = [.. Enumerable.Range(0, 200).Select(i => Protect(sender, 1, (ushort)(1000 + i)))];

        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, packets[0]));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, packets[150]));
        // 150 - 23 = 127 behind the highest: the oldest slot of a 128-packet window.
        foreach (int late in new[] { 149, 100, 64, 63, 23 })
        {
            Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, packets[late]));
            Assert.Equal(SrtpStatus.ReplayDetected, Unprotect(receiver, packets[late]));
        }

        Assert.Equal(SrtpStatus.ReplayDetected, Unprotect(receiver, packets[150]));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_OlderThanTheWindow_IsReplayDetected(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        byte[][] packets = [.. Enumerable.Range(0, 300).Select(i => Protect(sender, 1, (ushort)(65400 + i)))];

        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, packets[0]));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, packets[290]));
        Assert.Equal(SrtpStatus.ReplayDetected, Unprotect(receiver, packets[290 - 128]));
        Assert.Equal(SrtpStatus.ReplayDetected, Unprotect(receiver, packets[1]));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, packets[290 - 127]));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_WithA64PacketWindow_RefusesWhatIs64Behind(SrtpProfile profile)
    {
        var options = new SrtpSessionOptions { ReplayWindowSize = 64 };
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile, options);
        byte[][] packets = [.. Enumerable.Range(0, 100).Select(i => Protect(sender, 1, (ushort)i))];

        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, packets[99]));
        Assert.Equal(SrtpStatus.ReplayDetected, Unprotect(receiver, packets[35]));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, packets[36]));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_SamePacketTwice_IsReplayDetected(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        byte[] first = ProtectRtcp(sender, 5);
        byte[] second = ProtectRtcp(sender, 5);
        byte[] otherSsrc = ProtectRtcp(sender, 6);

        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, second));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, first));
        Assert.Equal(SrtpStatus.ReplayDetected, UnprotectRtcp(receiver, first));
        Assert.Equal(SrtpStatus.ReplayDetected, UnprotectRtcp(receiver, second));
        // The window is per SSRC: index 0 of another SSRC is new.
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, otherSsrc));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_OlderThanTheWindow_IsReplayDetected(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        byte[][] packets = [.. Enumerable.Range(0, 200).Select(_ => ProtectRtcp(sender, 5))];

        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, packets[199]));
        Assert.Equal(SrtpStatus.ReplayDetected, UnprotectRtcp(receiver, packets[71]));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, packets[72]));
    }

    internal static byte[] Protect(SrtpSession sender, uint ssrc, ushort sequence, int payload = 40)
    {
        byte[] buffer = RtpPacket(ssrc, sequence, payload, fill: (byte)sequence);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, RtpLength(payload), out int length));
        return buffer[..length];
    }

    internal static byte[] ProtectRtcp(SrtpSession sender, uint ssrc, int length = 32)
    {
        byte[] buffer = RtcpPacket(ssrc, length);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, length, out int protectedLength));
        return buffer[..protectedLength];
    }

    /// <summary>Unprotects a copy, so the same protected packet can be offered again.</summary>
    internal static SrtpStatus Unprotect(SrtpSession receiver, byte[] packet) =>
        receiver.UnprotectRtp(packet.ToArray(), packet.Length, out _);

    internal static SrtpStatus UnprotectRtcp(SrtpSession receiver, byte[] packet) =>
        receiver.UnprotectRtcp(packet.ToArray(), packet.Length, out _);
}
