using System.Net;
using System.Security.Cryptography;
using System.Text;
using Meeting.WebRtc.Stun;

namespace Meeting.WebRtc.Tests.Stun;

/// <summary>RFC 5769 "Test Vectors for STUN", §2.1-§2.4, byte for byte as printed in the RFC. Every
/// vector here was also re-verified independently (HMAC-SHA1 and CRC-32) before being written down.
/// RFC 5769 pads attributes with 0x20 where RFC 8489 §14 says senders write zero; our builder writes
/// zero, so exact byte comparisons set <see cref="StunMessageBuilder.PaddingByte"/> to 0x20.</summary>
public sealed class Rfc5769Tests
{
    internal const string ShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";

    private static readonly StunTransactionId SampleTransactionId = new(Hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"));

    /// <summary>RFC 5769 §2.1 Sample Request.</summary>
    internal static byte[] SampleRequest() => Hex("""
        00 01 00 58
        21 12 a4 42
        b7 e7 a7 01
        bc 34 d6 86
        fa 87 df ae
        80 22 00 10
        53 54 55 4e
        20 74 65 73
        74 20 63 6c
        69 65 6e 74
        00 24 00 04
        6e 00 01 ff
        80 29 00 08
        93 2f f9 b1
        51 26 3b 36
        00 06 00 09
        65 76 74 6a
        3a 68 36 76
        59 20 20 20
        00 08 00 14
        9a ea a7 0c
        bf d8 cb 56
        78 1e f2 b5
        b2 d3 f2 49
        c1 b5 71 a2
        80 28 00 04
        e5 7a 3b cf
        """);

    /// <summary>RFC 5769 §2.2 Sample IPv4 Response.</summary>
    internal static byte[] SampleIPv4Response() => Hex("""
        01 01 00 3c
        21 12 a4 42
        b7 e7 a7 01
        bc 34 d6 86
        fa 87 df ae
        80 22 00 0b
        74 65 73 74
        20 76 65 63
        74 6f 72 20
        00 20 00 08
        00 01 a1 47
        e1 12 a6 43
        00 08 00 14
        2b 91 f5 99
        fd 9e 90 c3
        8c 74 89 f9
        2a f9 ba 53
        f0 6b e7 d7
        80 28 00 04
        c0 7d 4c 96
        """);

    /// <summary>RFC 5769 §2.3 Sample IPv6 Response.</summary>
    internal static byte[] SampleIPv6Response() => Hex("""
        01 01 00 48
        21 12 a4 42
        b7 e7 a7 01
        bc 34 d6 86
        fa 87 df ae
        80 22 00 0b
        74 65 73 74
        20 76 65 63
        74 6f 72 20
        00 20 00 14
        00 02 a1 47
        01 13 a9 fa
        a5 d3 f1 79
        bc 25 f4 b5
        be d2 b9 d9
        00 08 00 14
        a3 82 95 4e
        4b e6 7b f1
        17 84 c9 7c
        82 92 c2 75
        bf e3 ed 41
        80 28 00 04
        c8 fb 0b 4c
        """);

    /// <summary>RFC 5769 §2.4 Sample Request with Long-Term Authentication.</summary>
    internal static byte[] SampleLongTermRequest() => Hex("""
        00 01 00 60
        21 12 a4 42
        78 ad 34 33
        c6 ad 72 c0
        29 da 41 2e
        00 06 00 12
        e3 83 9e e3
        83 88 e3 83
        aa e3 83 83
        e3 82 af e3
        82 b9 00 00
        00 15 00 1c
        66 2f 2f 34
        39 39 6b 39
        35 34 64 36
        4f 4c 33 34
        6f 4c 39 46
        53 54 76 79
        36 34 73 41
        00 14 00 0b
        65 78 61 6d
        70 6c 65 2e
        6f 72 67 00
        00 08 00 14
        f6 70 24 65
        6d d6 4a 3e
        02 b8 e0 71
        2e 85 c9 a2
        8c a8 96 66
        """);

    internal static byte[] Hex(string text) =>
        Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));

    internal static byte[] Key(string password) => Encoding.UTF8.GetBytes(password);

    [Fact]
    public void SampleRequest_Parses_EveryAttribute()
    {
        Assert.True(StunMessage.TryParse(SampleRequest(), out var message));

        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(SampleTransactionId, message.TransactionId);
        Assert.Equal("STUN test client", message.Software);
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.Equal(0x932ff9b151263b36ul, message.IceControlled);
        Assert.Null(message.IceControlling);
        Assert.False(message.UseCandidate);
        Assert.Equal("evtj:h6vY", message.Username);
        Assert.True(message.HasMessageIntegrity);
        Assert.True(message.HasFingerprint);
        Assert.Empty(message.UnknownComprehensionRequired);
    }

    [Fact]
    public void SampleRequest_IntegrityWithPassword_AndFingerprint_Verify()
    {
        Assert.True(StunMessage.TryParse(SampleRequest(), out var message));

        Assert.True(message.CheckMessageIntegrity(Key(ShortTermPassword)));
        Assert.True(message.CheckFingerprint());
    }

    [Fact]
    public void SampleRequest_IntegrityWithOtherPassword_Fails()
    {
        Assert.True(StunMessage.TryParse(SampleRequest(), out var message));

        Assert.False(message.CheckMessageIntegrity(Key("VOkJxbRl1RmTxUk/WvJxBu")));
        Assert.False(message.CheckMessageIntegrity([]));
    }

    [Fact]
    public void SampleRequest_TryReadUsername_FindsItWithoutParsing()
    {
        Assert.True(StunMessage.TryReadUsername(SampleRequest(), out var username));

        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
    }

    [Fact]
    public void SampleRequest_BuiltWithSpacePadding_IsByteIdentical()
    {
        var builder = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, SampleTransactionId) { PaddingByte = 0x20 };
        builder.AddSoftware("STUN test client").AddPriority(0x6e0001ff).AddIceControlled(0x932ff9b151263b36).AddUsername("evtj:h6vY");

        Assert.Equal(SampleRequest(), Write(builder, ShortTermPassword));
    }

    [Fact]
    public void SampleRequest_BuiltWithZeroPadding_DiffersOnlyInPaddingAndHashes_AndVerifies()
    {
        var builder = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, SampleTransactionId);
        builder.AddSoftware("STUN test client").AddPriority(0x6e0001ff).AddIceControlled(0x932ff9b151263b36).AddUsername("evtj:h6vY");
        byte[] built = Write(builder, ShortTermPassword);
        byte[] expected = SampleRequest();

        // USERNAME's 3 padding bytes sit at 73..75; MESSAGE-INTEGRITY's value at 80..99; FINGERPRINT's at 104..107.
        Assert.Equal(expected.Length, built.Length);
        Assert.Equal(new byte[3], built[73..76]);
        Assert.Equal(expected[..73], built[..73]);
        Assert.Equal(expected[76..80], built[76..80]);
        Assert.NotEqual(expected[80..100], built[80..100]);
        Assert.True(StunMessage.TryParse(built, out var message));
        Assert.True(message.CheckMessageIntegrity(Key(ShortTermPassword)));
        Assert.True(message.CheckFingerprint());
    }

    [Fact]
    public void SampleIPv4Response_Parses_MappedAddressAndHashes()
    {
        Assert.True(StunMessage.TryParse(SampleIPv4Response(), out var message));

        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(SampleTransactionId, message.TransactionId);
        Assert.Equal("test vector", message.Software);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), message.XorMappedAddress);
        Assert.True(message.CheckMessageIntegrity(Key(ShortTermPassword)));
        Assert.True(message.CheckFingerprint());
    }

    [Fact]
    public void SampleIPv4Response_BuiltWithSpacePadding_IsByteIdentical()
    {
        var builder = new StunMessageBuilder(StunClass.SuccessResponse, StunMethod.Binding, SampleTransactionId) { PaddingByte = 0x20 };
        builder.AddSoftware("test vector").AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));

        Assert.Equal(SampleIPv4Response(), Write(builder, ShortTermPassword));
    }

    [Fact]
    public void SampleIPv6Response_Parses_MappedAddressAndHashes()
    {
        Assert.True(StunMessage.TryParse(SampleIPv6Response(), out var message));

        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal("test vector", message.Software);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), message.XorMappedAddress);
        Assert.True(message.CheckMessageIntegrity(Key(ShortTermPassword)));
        Assert.True(message.CheckFingerprint());
    }

    [Fact]
    public void SampleIPv6Response_BuiltWithSpacePadding_IsByteIdentical()
    {
        var builder = new StunMessageBuilder(StunClass.SuccessResponse, StunMethod.Binding, SampleTransactionId) { PaddingByte = 0x20 };
        builder.AddSoftware("test vector")
            .AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853));

        Assert.Equal(SampleIPv6Response(), Write(builder, ShortTermPassword));
    }

    [Fact]
    public void SampleLongTermRequest_Parses_AndVerifiesWithLongTermKey()
    {
        Assert.True(StunMessage.TryParse(SampleLongTermRequest(), out var message));

        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(new StunTransactionId(Hex("78 ad 34 33 c6 ad 72 c0 29 da 41 2e")), message.TransactionId);
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", message.Username);
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", message.Nonce);
        Assert.Equal("example.org", message.Realm);
        Assert.True(message.HasMessageIntegrity);
        Assert.False(message.HasFingerprint);
        Assert.False(message.CheckFingerprint());
        Assert.Empty(message.UnknownComprehensionRequired);

        // RFC 8489 §9.2.2: key = MD5(username ":" realm ":" password), password "TheMatrIX" after SASLprep.
        byte[] key = MD5.HashData(Encoding.UTF8.GetBytes("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:example.org:TheMatrIX"));
        Assert.True(message.CheckMessageIntegrity(key));
        Assert.False(message.CheckMessageIntegrity(Key(ShortTermPassword)));
    }

    private static byte[] Write(StunMessageBuilder builder, string password)
    {
        var buffer = new byte[builder.GetSize(withIntegrity: true, withFingerprint: true)];
        int written = builder.WriteTo(buffer, Key(password), fingerprint: true);
        Assert.Equal(buffer.Length, written);
        return buffer;
    }
}
