using Meeting.WebRtc.Srtp;
using static Meeting.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Meeting.WebRtc.Tests.Srtp;

/// <summary>The test vectors of RFC 3711 Appendix B (B.1 is AES-f8, which WebRTC does not use).</summary>
public sealed class Rfc3711Tests
{
    // RFC 3711 Appendix B.2: session key, and the session salt "already shifted" (k_s * 2^16).
    private static readonly byte[] B2SessionKey = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] B2Offset = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    [Theory]
    [InlineData(0x0000, "E03EAD0935C95E80E166B16DD92B4EB4")]
    [InlineData(0x0001, "D23513162B02D0F72A43A2FE4A5F97AB")]
    [InlineData(0x0002, "41E95B3BB0A2E8DD477901E4FCA894C0")]
    [InlineData(0xFEFF, "EC8CDF7398607CB0F2D21675EA9EA1E4")]
    [InlineData(0xFF00, "362B7C3C6773516318A077D7FC5073AE")]
    [InlineData(0xFF01, "6A2CC3787889374FBEB4C81B17BA6C44")]
    public void AesCm_KeystreamSegment_MatchesAppendixB2(int block, string expected)
    {
        // The whole 1,044,512-octet segment (65282 blocks), as the appendix generates it.
        var keystream = new byte[65282 * AesCounterMode.BlockSize];
        using var cipher = new AesCounterMode(B2SessionKey);
        cipher.GenerateKeystream(B2Offset, keystream);

        Assert.Equal(Hex(expected), keystream.AsSpan(block * AesCounterMode.BlockSize, AesCounterMode.BlockSize).ToArray());
    }

    [Fact]
    public void AesCm_IvOfSsrcZeroAndIndexZero_IsTheShiftedSalt()
    {
        // B.2 uses ROC 0, SEQ 0, SSRC 0: the IV of RFC 3711 §4.1.1 reduces to k_s * 2^16.
        Span<byte> iv = stackalloc byte[16];
        AesCmHmacSha1Cipher.WriteIv(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), ssrc: 0, index: 0, iv);

        Assert.Equal(B2Offset, iv.ToArray());
    }

    [Fact]
    public void AesCm_Iv_XorsSsrcAtBit64AndIndexAtBit16()
    {
        Span<byte> iv = stackalloc byte[16];
        AesCmHmacSha1Cipher.WriteIv(new byte[14], ssrc: 0x11223344, index: 0xAABBCCDDEEFF, iv);

        Assert.Equal(Hex("00000000 11223344 AABBCCDDEEFF 0000"), iv.ToArray());
    }

    [Fact]
    public void KeyDerivation_CipherKey_MatchesAppendixB3()
    {
        var key = new byte[16];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt14, SrtpKeyDerivation.SrtpEncryptionLabel, key);

        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), key);
    }

    [Fact]
    public void KeyDerivation_CipherSalt_MatchesAppendixB3()
    {
        var salt = new byte[14];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt14, SrtpKeyDerivation.SrtpSaltLabel, salt);

        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), salt);
    }

    [Fact]
    public void KeyDerivation_AuthKeyOf94Octets_MatchesAppendixB3()
    {
        var auth = new byte[94];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt14, SrtpKeyDerivation.SrtpAuthenticationLabel, auth);

        Assert.Equal(
            Hex("""
                CEBE321F6FF7716B6FD4AB49AF256A15
                6D38BAA48F0A0ACF3C34E2359E6CDBCE
                E049646C43D9327AD175578EF7227098
                6371C10C9A369AC2F94A8C5FBCDDDC25
                6D6E919A48B610EF17C2041E47403576
                6B68642C59BBFC2F34DB60DBDFB2
                """),
            auth);
    }

    [Fact]
    public void KeyDerivation_HmacSha1AuthKey_IsTheFirst160BitsOfAppendixB3()
    {
        var auth = new byte[20];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt14, SrtpKeyDerivation.SrtpAuthenticationLabel, auth);

        Assert.Equal(Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), auth);
    }
}
