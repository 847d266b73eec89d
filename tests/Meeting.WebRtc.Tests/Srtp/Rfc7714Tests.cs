using Meeting.WebRtc.Srtp;
using static Meeting.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Meeting.WebRtc.Tests.Srtp;

/// <summary>RFC 7714 §16 (SRTP) and §17 (SRTCP) AEAD_AES_128_GCM vectors. The RFC gives them with the
/// session key and salt directly, so the session is built below the key derivation.</summary>
public sealed class Rfc7714Tests
{
    private static readonly byte[] Key = Hex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");

    // "Quid pro quo"
    private static readonly byte[] Salt = Hex("51 75 69 64 20 70 72 6f 20 71 75 6f");

    // §16: SSRC 0x5501a0b2, SEQ 0xf17b, ROC 0, payload "Gallia est omnis divisa in partes tres".
    private static readonly byte[] RtpPlain = Hex("""
        8040f17b 8041f8d3 5501a0b2 47616c6c
        69612065 7374206f 6d6e6973 20646976
        69736120 696e2070 61727465 73207472
        6573
        """);

    // §16.1.1: header, ciphertext, then the 16-byte tag 899d7f27 beb16a91 52cf765e e4390cce.
    private static readonly byte[] RtpProtected = Hex("""
        8040f17b 8041f8d3 5501a0b2 f24de3a3
        fb34de6c acba861c 9d7e4bca be633bd5
        0d294e6f 42a5f47a 51c7d19b 36de3adf
        8833899d 7f27beb1 6a9152cf 765ee439
        0cce
        """);

    // §17: SSRC 0x4d617273 ("Mars"), SRTCP index 0x5d4. The subsections 17.1-17.4 encrypt this packet
    // (the section's preamble prints a slightly different one).
    private static readonly byte[] RtcpPlain = Hex("""
        81c8000d 4d617273 4e545031 4e545032
        52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef
        deadbeef
        """);

    // §17.1: header, ciphertext, tag, then E=1 || index 0x5d4.
    private static readonly byte[] RtcpProtected = Hex("""
        81c8000d 4d617273 63e94885 dcdab67c
        a727d766 2f6b7e99 7ff5c0f7 6c06f32d
        c676a5f1 730d6fda 4ce09b46 86303ded
        0bb9275b c84aa458 96cf4d2f c5abf872
        45d9eade 800005d4
        """);

    // §17.3: authenticated only: the packet in the clear, tag, then E=0 || index 0x5d4.
    private static readonly byte[] RtcpAuthenticatedOnly = Hex("""
        81c8000d 4d617273 4e545031 4e545032
        52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef
        deadbeef 841dd968 3dd78ec9 2ae58790
        125f62b3 000005d4
        """);

    private const uint SrtcpIndex = 0x5d4;

    [Fact]
    public void ProtectRtp_Section16_1_1_GivesTheExactCiphertextAndTag()
    {
        using SrtpSession session = CreateSession();
        byte[] buffer = WithSlack(RtpPlain);

        Assert.Equal(SrtpStatus.Ok, session.ProtectRtp(buffer, RtpPlain.Length, out int length));
        Assert.Equal(RtpProtected, buffer[..length]);
    }

    [Fact]
    public void UnprotectRtp_Section16_1_1_GivesThePlaintext()
    {
        using SrtpSession session = CreateSession();
        byte[] buffer = RtpProtected.ToArray();

        Assert.Equal(SrtpStatus.Ok, session.UnprotectRtp(buffer, buffer.Length, out int length));
        Assert.Equal(RtpPlain, buffer[..length]);
    }

    [Fact]
    public void ProtectRtcp_Section17_1_AtIndex0x5d4_GivesTheExactPacket()
    {
        using SrtpSession session = CreateSession();
        // The SRTCP index counts from 0: send 0x5d4 packets so the next one carries 0x5d4.
        for (int i = 0; i < SrtcpIndex; i++)
        {
            byte[] scratch = WithSlack(RtcpPlain);
            Assert.Equal(SrtpStatus.Ok, session.ProtectRtcp(scratch, RtcpPlain.Length, out _));
        }

        byte[] buffer = WithSlack(RtcpPlain);
        Assert.Equal(SrtpStatus.Ok, session.ProtectRtcp(buffer, RtcpPlain.Length, out int length));
        Assert.Equal(RtcpProtected, buffer[..length]);
    }

    [Fact]
    public void UnprotectRtcp_Section17_1_GivesThePlaintext()
    {
        using SrtpSession session = CreateSession();
        byte[] buffer = RtcpProtected.ToArray();

        Assert.Equal(SrtpStatus.Ok, session.UnprotectRtcp(buffer, buffer.Length, out int length));
        Assert.Equal(RtcpPlain, buffer[..length]);
    }

    [Fact]
    public void UnprotectRtcp_Section17_3_AuthenticatedOnly_GivesThePacket()
    {
        using SrtpSession session = CreateSession();
        byte[] buffer = RtcpAuthenticatedOnly.ToArray();

        Assert.Equal(SrtpStatus.Ok, session.UnprotectRtcp(buffer, buffer.Length, out int length));
        Assert.Equal(RtcpPlain, buffer[..length]);
    }

    [Fact]
    public void UnprotectRtcp_Section17_3_WithTagBitFlipped_FailsAuthentication()
    {
        using SrtpSession session = CreateSession();
        byte[] buffer = RtcpAuthenticatedOnly.ToArray();
        buffer[^5] ^= 0x01;

        Assert.Equal(SrtpStatus.AuthenticationFailed, session.UnprotectRtcp(buffer, buffer.Length, out _));
    }

    private static SrtpSession CreateSession() =>
        SrtpSession.FromSessionKeys(SrtpProfile.AeadAes128Gcm, Key, Salt, default, Key, Salt, default);

    private static byte[] WithSlack(byte[] packet)
    {
        var buffer = new byte[packet.Length + Slack];
        packet.CopyTo(buffer, 0);
        return buffer;
    }
}
