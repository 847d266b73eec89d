using Meeting.WebRtc.Srtp;
using static Meeting.WebRtc.Tests.Srtp.SrtpSessionReplayTests;
using static Meeting.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Meeting.WebRtc.Tests.Srtp;

/// <summary>Forgeries, truncations and limits: refused with a status, never an exception, and the
/// session's state unchanged.</summary>
public sealed class SrtpSessionFailureTests
{
    public static TheoryData<SrtpProfile> Profiles => SrtpSessionRoundTripTests.Profiles;

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_AnyBitFlipped_FailsAuthenticationAndTheNextGenuinePacketDecrypts(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, 77, 500)));
        byte[] genuine = Protect(sender, 77, 501);

        // Byte 0 (V, P, X, CC) is left out: flipping V or X or CC may make the packet malformed instead.
        for (int at = 1; at < genuine.Length; at++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] forged = genuine.ToArray();
                forged[at] ^= (byte)(1 << bit);
                SrtpStatus status = Unprotect(receiver, forged);
                // A flipped sequence bit can move the index onto 500 (received), behind the window, or before
                // the stream's start: refused as a replay before any crypto runs. Anything else fails the tag.
                if (at is 2 or 3)
                {
                    Assert.Contains(status, new[] { SrtpStatus.AuthenticationFailed, SrtpStatus.ReplayDetected });
                }
                else
                {
                    Assert.Equal(SrtpStatus.AuthenticationFailed, status);
                }
            }
        }

        for (int bit = 0; bit < 8; bit++)
        {
            byte[] forged = genuine.ToArray();
            forged[0] ^= (byte)(1 << bit);
            Assert.NotEqual(SrtpStatus.Ok, Unprotect(receiver, forged));
        }

        // Forgeries with other SSRCs created no state, and the stream's state did not move.
        Assert.Equal(1, receiver.StreamCount);
        Assert.True(receiver.TryGetRtpState(77, out uint roc, out ushort highest));
        Assert.Equal((0u, (ushort)500), (roc, highest));
        byte[] plain = genuine.ToArray();
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(plain, plain.Length, out int plainLength));
        Assert.Equal(RtpPacket(77, 501, 40, fill: 501 & 0xFF)[..plainLength], plain[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_ForgedFarAheadSequence_DoesNotMoveTheRolloverCounter(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, 1, 65000)));
        byte[] forged = Protect(sender, 1, 65001);
        forged[2] = 0x00; // sequence 0x00E9: would be ROC + 1
        forged[3] = 0xE9;

        Assert.Equal(SrtpStatus.AuthenticationFailed, Unprotect(receiver, forged));
        Assert.True(receiver.TryGetRtpState(1, out uint roc, out ushort highest));
        Assert.Equal((0u, (ushort)65000), (roc, highest));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, 1, 65002)));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_AnyBitFlipped_FailsAuthenticationAndTheNextGenuinePacketDecrypts(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        byte[] genuine = ProtectRtcp(sender, 9, 40);

        for (int at = 1; at < genuine.Length; at++)
        {
            byte[] forged = genuine.ToArray();
            forged[at] ^= (byte)(1 << (at % 8));
            Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtcp(receiver, forged));
        }

        Assert.Equal(0, receiver.StreamCount);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, genuine));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotect_EveryLengthBelowTheMinimum_IsMalformed(SrtpProfile profile)
    {
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        int tag = SrtpProfiles.GetTagLength(profile);
        byte[] rtp = RtpPacket(1, 1, 0);
        byte[] rtcp = RtcpPacket(1, 8);

        for (int length = 0; length < 12 + tag; length++)
        {
            Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtp(rtp.ToArray(), length, out _));
        }

        for (int length = 0; length < 8 + 4 + tag; length++)
        {
            Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtcp(rtcp.ToArray(), length, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotect_ValidPacketTruncatedAtEveryLength_IsRefusedWithoutThrowing(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile);
        byte[] rtp = Protect(sender, 3, 10, payload: 64);
        byte[] rtcp = ProtectRtcp(sender, 3, 64);

        for (int length = 0; length < rtp.Length; length++)
        {
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtp(rtp.ToArray(), length, out int plain));
            Assert.Equal(0, plain);
        }

        for (int length = 0; length < rtcp.Length; length++)
        {
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtcp(rtcp.ToArray(), length, out _));
        }

        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, rtp));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, rtcp));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Protect_HeaderShorterThanItClaims_IsMalformed(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        for (int length = 0; length < 12; length++)
        {
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(RtpPacket(1, 1, 0), length, out _));
        }

        for (int length = 0; length < 8; length++)
        {
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtcp(RtcpPacket(1, 8), length, out _));
        }

        // 15 CSRCs claimed, none present; an extension header whose length runs past the end.
        byte[] csrcs = RtpPacket(1, 1, 0);
        csrcs[0] |= 0x0F;
        Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(csrcs, 12, out _));
        byte[] extension = RtpPacket(1, 1, 0, extensionWords: 1);
        Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(extension, 17, out _));
        Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(extension, 14, out _));
        Assert.Equal(0, sender.StreamCount);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectAndUnprotect_NotVersion2OrBadLength_AreMalformed(SrtpProfile profile)
    {
        using SrtpSession session = SrtpSessionRoundTripTests.Create(profile);
        byte[] rtp = RtpPacket(1, 1, 40);
        rtp[0] = 0x40;
        byte[] rtcp = RtcpPacket(1, 40);
        rtcp[0] = 0xC1;

        Assert.Equal(SrtpStatus.Malformed, session.ProtectRtp(rtp, RtpLength(40), out _));
        Assert.Equal(SrtpStatus.Malformed, session.UnprotectRtp(rtp, RtpLength(40), out _));
        Assert.Equal(SrtpStatus.Malformed, session.ProtectRtcp(rtcp, 40, out _));
        Assert.Equal(SrtpStatus.Malformed, session.UnprotectRtcp(rtcp, 40, out _));
        Assert.Equal(SrtpStatus.Malformed, session.ProtectRtp(RtpPacket(1, 1, 0), -1, out _));
        Assert.Equal(SrtpStatus.Malformed, session.UnprotectRtp(new byte[20], 21, out _));
        Assert.Equal(SrtpStatus.Malformed, session.UnprotectRtcp(new byte[40], 41, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Protect_WithoutRoomForTheTag_IsBufferTooSmall(SrtpProfile profile)
    {
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile);
        int length = RtpLength(100);
        byte[] tight = RtpPacket(1, 1, 100)[..(length + SrtpProfiles.GetRtpOverhead(profile) - 1)];
        byte[] rtcp = RtcpPacket(1, 40)[..(40 + SrtpProfiles.GetRtcpOverhead(profile) - 1)];

        Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtp(tight, length, out _));
        Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtp(tight.AsSpan(0, length), length, out _));
        Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtcp(rtcp, 40, out _));
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(RtpPacket(1, 1, 100)[..(length + SrtpProfiles.GetRtpOverhead(profile))], length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void NewSsrcPastMaxStreams_IsTooManyStreams(SrtpProfile profile)
    {
        var options = new SrtpSessionOptions { MaxStreams = 2 };
        using SrtpSession sender = SrtpSessionRoundTripTests.Create(profile, options);
        using SrtpSession unlimitedSender = SrtpSessionRoundTripTests.Create(profile);
        using SrtpSession receiver = SrtpSessionRoundTripTests.Create(profile, options);

        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(RtpPacket(1, 1, 10), RtpLength(10), out _));
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(RtcpPacket(2, 8), 8, out _));
        Assert.Equal(SrtpStatus.TooManyStreams, sender.ProtectRtp(RtpPacket(3, 1, 10), RtpLength(10), out _));
        Assert.Equal(SrtpStatus.TooManyStreams, sender.ProtectRtcp(RtcpPacket(3, 8), 8, out _));
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(RtpPacket(2, 1, 10), RtpLength(10), out _));

        // A forgery of a new SSRC takes no slot; only authenticated packets do.
        byte[] forged = Protect(unlimitedSender, 10, 1);
        forged[^1] ^= 1;
        Assert.Equal(SrtpStatus.AuthenticationFailed, Unprotect(receiver, forged));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(unlimitedSender, 11, 1)));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, ProtectRtcp(unlimitedSender, 12)));
        Assert.Equal(SrtpStatus.TooManyStreams, Unprotect(receiver, Protect(unlimitedSender, 13, 1)));
        Assert.Equal(SrtpStatus.TooManyStreams, UnprotectRtcp(receiver, ProtectRtcp(unlimitedSender, 13)));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(unlimitedSender, 12, 1)));
        Assert.Equal(2, receiver.StreamCount);
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpSessionRoundTripTests.Create(SrtpProfile.AeadAes128Gcm, new() { ReplayWindowSize = 63 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpSessionRoundTripTests.Create(SrtpProfile.AeadAes128Gcm, new() { ReplayWindowSize = 129 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpSessionRoundTripTests.Create(SrtpProfile.AeadAes128Gcm, new() { MaxStreams = 0 }));
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.AeadAes128Gcm, MasterKey, MasterSalt14));
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, MasterKey[..15], MasterSalt14));
    }

    [Fact]
    public void Profiles_HaveTheLengthsOfRfc5764AndRfc7714()
    {
        Assert.Equal((16, 14, 10, 10, 14), Lengths(SrtpProfile.Aes128CmHmacSha1_80));
        Assert.Equal((16, 12, 16, 16, 20), Lengths(SrtpProfile.AeadAes128Gcm));

        static (int, int, int, int, int) Lengths(SrtpProfile p) => (SrtpProfiles.GetMasterKeyLength(p),
            SrtpProfiles.GetMasterSaltLength(p), SrtpProfiles.GetTagLength(p), SrtpProfiles.GetRtpOverhead(p), SrtpProfiles.GetRtcpOverhead(p));
    }
}
