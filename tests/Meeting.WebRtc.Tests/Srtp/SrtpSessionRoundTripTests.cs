using Meeting.WebRtc.Srtp;
using static Meeting.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Meeting.WebRtc.Tests.Srtp;

/// <summary>Protect on one session, unprotect on a second with the same keys: the original bytes come back.</summary>
public sealed class SrtpSessionRoundTripTests
{
    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm];

    public static TheoryData<SrtpProfile, int, int, int> RtpShapes()
    {
        var data = new TheoryData<SrtpProfile, int, int, int>();
        foreach (SrtpProfile profile in Profiles)
        {
            data.Add(profile, 0, 0, 0);
            data.Add(profile, 1, 0, 0);
            data.Add(profile, 17, 0, 0);
            data.Add(profile, 1200, 0, 0);
            data.Add(profile, 160, 3, 0);
            data.Add(profile, 160, 0, 2);
            data.Add(profile, 1100, 15, 5);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RtpShapes))]
    public void Rtp_ProtectThenUnprotect_GivesTheOriginalBytes(SrtpProfile profile, int payload, int csrcs, int extensionWords)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        byte[] buffer = RtpPacket(0x12345678, 4242, payload, csrcs, extensionWords);
        int length = RtpLength(payload, csrcs, extensionWords);
        int header = length - payload;
        byte[] original = buffer[..length];

        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, length, out int protectedLength));
        Assert.Equal(length + SrtpProfiles.GetRtpOverhead(profile), protectedLength);
        // Header, CSRCs and extension stay in the clear (no RFC 6904); the payload does not.
        Assert.Equal(original[..header], buffer[..header]);
        if (payload >= 8)
        {
            Assert.NotEqual(original[header..], buffer[header..length]);
        }

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(buffer, protectedLength, out int plainLength));
        Assert.Equal(original, buffer[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_ProtectThenUnprotect_GivesTheOriginalBytes(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        foreach (int length in new[] { 8, 12, 32, 100, 1200 })
        {
            byte[] buffer = RtcpPacket(0xCAFEBABE, length);
            byte[] original = buffer[..length];

            Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, length, out int protectedLength));
            Assert.Equal(length + SrtpProfiles.GetRtcpOverhead(profile), protectedLength);
            Assert.Equal(original[..8], buffer[..8]);
            if (length > 16)
            {
                Assert.NotEqual(original[8..], buffer[8..length]);
            }

            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer, protectedLength, out int plainLength));
            Assert.Equal(original, buffer[..plainLength]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_EachPacket_CarriesTheEFlagAndTheNextIndex(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        int trailerFromEnd = profile == SrtpProfile.AeadAes128Gcm ? 4 : 4 + SrtpProfiles.GetTagLength(profile);
        for (uint expected = 0; expected < 3; expected++)
        {
            byte[] buffer = RtcpPacket(7, 28);
            Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, 28, out int length));
            uint word = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(length - trailerFromEnd));
            Assert.Equal(0x8000_0000u | expected, word);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_AcrossSequenceWrap_IncrementsTheRolloverCounterOnBothSides(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        const uint Ssrc = 0xA1B2C3D4;
        var held = new List<(byte[] Buffer, int Length)>();

        for (int i = 0; i < 12; i++)
        {
            ushort sequence = (ushort)(65530 + i);
            byte[] buffer = RtpPacket(Ssrc, sequence, 50, fill: (byte)i);
            Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, RtpLength(50), out int length));
            if (sequence is 65533 or 65535)
            {
                held.Add((buffer, length));
                continue;
            }

            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(buffer, length, out _));
        }

        Assert.True(sender.TryGetRtpState(Ssrc, out uint senderRoc, out ushort senderSeq));
        Assert.Equal((1u, (ushort)5), (senderRoc, senderSeq));
        Assert.True(receiver.TryGetRtpState(Ssrc, out uint receiverRoc, out _));
        Assert.Equal(1u, receiverRoc);

        // Late packets from before the wrap still decrypt (with ROC - 1) and leave ROC alone.
        foreach ((byte[] buffer, int length) in held)
        {
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(buffer, length, out int plain));
            Assert.Equal(RtpLength(50), plain);
        }

        Assert.True(receiver.TryGetRtpState(Ssrc, out receiverRoc, out ushort receiverSeq));
        Assert.Equal((1u, (ushort)5), (receiverRoc, receiverSeq));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_ManyWraps_StayInStep(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        byte[] buffer = RtpPacket(9, 0, 20);
        // Past 3 wraps in steps of 1000 (under half the sequence space, so each step is unambiguous).
        for (int i = 0; i <= (3 * 65536 / 1000) + 1; i++)
        {
            ushort sequence = (ushort)(i * 1000);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
            Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, RtpLength(20), out int length));
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(buffer, length, out _));
        }

        Assert.True(receiver.TryGetRtpState(9, out uint roc, out _));
        Assert.Equal(3u, roc);
    }

    internal static SrtpSession Create(SrtpProfile profile, SrtpSessionOptions? options = null) =>
        new(profile, MasterKey, Salt(profile), options);
}
