using System.Buffers.Binary;
using System.Text;
using Meeting.WebRtc.Stun;

namespace Meeting.WebRtc.Tests.Stun;

/// <summary>Malformed input is refused with false, never an exception.</summary>
public sealed class StunMessageMalformedTests
{
    private static readonly StunTransactionId Id = new(Rfc5769Tests.Hex("00 11 22 33 44 55 66 77 88 99 aa bb"));

    public static TheoryData<string> Vectors => new() { "request", "ipv4", "ipv6", "long-term" };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Parse_EveryTruncation_ReturnsFalse(string vector)
    {
        byte[] full = Vector(vector);
        for (int length = 0; length < full.Length; length++)
        {
            Assert.False(StunMessage.TryParse(full.AsSpan(0, length), out var message), $"length {length}");
            Assert.Null(message);
            Assert.False(StunMessage.TryReadUsername(full.AsSpan(0, length), out _));
            Assert.False(StunMessage.IsStun(full.AsSpan(0, length)));
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Parse_EveryTruncation_WithLengthFieldRewritten_NeverThrows(string vector)
    {
        // Keeps the header consistent so the attribute walk itself meets the cut.
        byte[] full = Vector(vector);
        for (int length = 20; length < full.Length; length += 4)
        {
            byte[] cut = full[..length];
            BinaryPrimitives.WriteUInt16BigEndian(cut.AsSpan(2), (ushort)(length - 20));
            if (StunMessage.TryParse(cut, out var message))
            {
                Assert.False(message.CheckFingerprint() && message.CheckMessageIntegrity(Rfc5769Tests.Key(Rfc5769Tests.ShortTermPassword)));
            }
        }
    }

    [Fact]
    public void Parse_WrongMagicCookie_ReturnsFalse()
    {
        byte[] bytes = Rfc5769Tests.SampleRequest();
        bytes[4] ^= 0x01;

        Assert.False(StunMessage.TryParse(bytes, out _));
        Assert.False(StunMessage.IsStun(bytes));
    }

    [Theory]
    [InlineData(0x40)]
    [InlineData(0x80)]
    public void Parse_TopBitsSet_ReturnsFalse(byte bit)
    {
        byte[] bytes = Rfc5769Tests.SampleRequest();
        bytes[0] |= bit;

        Assert.False(StunMessage.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData(0x57)] // not a multiple of 4
    [InlineData(0x54)] // shorter than the datagram
    [InlineData(0x5c)] // longer than the datagram
    public void Parse_BadLengthField_ReturnsFalse(int length)
    {
        byte[] bytes = Rfc5769Tests.SampleRequest();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)length);

        Assert.False(StunMessage.TryParse(bytes, out _));
    }

    [Fact]
    public void Parse_AttributeOverrunningTheMessage_ReturnsFalse()
    {
        byte[] bytes = Rfc5769Tests.SampleRequest();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), 0x0100); // SOFTWARE claims 256 bytes

        Assert.False(StunMessage.TryParse(bytes, out _));
        Assert.False(StunMessage.TryReadUsername(bytes, out _));
    }

    [Fact]
    public void Parse_AttributeWhosePaddingOverruns_ReturnsFalse()
    {
        // One attribute of length 1 whose 3 padding bytes are missing: body of 8 bytes, header says 8.
        byte[] bytes = Header(StunClass.Request, 8);
        bytes = [.. bytes, 0x80, 0x22, 0x00, 0x05, (byte)'a', (byte)'b', (byte)'c', (byte)'d'];

        Assert.False(StunMessage.TryParse(bytes, out _));
    }

    [Fact]
    public void Parse_DuplicateMessageIntegrity_ReturnsFalse()
    {
        byte[] bytes = Build(b => b.AddUsername("a:b"), integrity: true, fingerprint: false);
        byte[] doubled = [.. bytes, .. bytes.AsSpan(bytes.Length - 24)];
        BinaryPrimitives.WriteUInt16BigEndian(doubled.AsSpan(2), (ushort)(doubled.Length - 20));

        Assert.False(StunMessage.TryParse(doubled, out _));
    }

    [Fact]
    public void Parse_AttributeAfterFingerprint_ReturnsFalse()
    {
        byte[] bytes = Build(b => b.AddUsername("a:b"), integrity: false, fingerprint: true);
        byte[] extended = [.. bytes, 0x00, 0x24, 0x00, 0x04, 0, 0, 0, 1];
        BinaryPrimitives.WriteUInt16BigEndian(extended.AsSpan(2), (ushort)(extended.Length - 20));

        Assert.False(StunMessage.TryParse(extended, out _));
    }

    [Fact]
    public void Parse_AttributesAfterIntegrity_AreIgnored()
    {
        byte[] bytes = Build(b => b.AddUsername("a:b"), integrity: true, fingerprint: false);
        byte[] extended = [.. bytes, 0x00, 0x24, 0x00, 0x04, 0, 0, 0, 1, 0x00, 0x03, 0x00, 0x00];
        BinaryPrimitives.WriteUInt16BigEndian(extended.AsSpan(2), (ushort)(extended.Length - 20));

        Assert.True(StunMessage.TryParse(extended, out var message));
        Assert.Null(message.Priority);
        Assert.Empty(message.UnknownComprehensionRequired);
        Assert.True(message.CheckMessageIntegrity(Encoding.UTF8.GetBytes("pass")));
    }

    [Fact]
    public void CheckFingerprint_AfterAnyByteFlipped_IsFalse()
    {
        byte[] original = Rfc5769Tests.SampleIPv4Response();
        for (int i = 20; i < original.Length; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            bytes[i] ^= 0x01;
            if (StunMessage.TryParse(bytes, out var message))
            {
                Assert.False(message.CheckFingerprint() && message.CheckMessageIntegrity(Rfc5769Tests.Key(Rfc5769Tests.ShortTermPassword)), $"byte {i}");
            }
        }
    }

    [Fact]
    public void CheckFingerprint_WrongValue_IsFalse_ButIntegrityStillHolds()
    {
        byte[] bytes = Rfc5769Tests.SampleRequest();
        bytes[^1] ^= 0xff;

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.False(message.CheckFingerprint());
        Assert.True(message.CheckMessageIntegrity(Rfc5769Tests.Key(Rfc5769Tests.ShortTermPassword)));
    }

    [Fact]
    public void Checks_WithoutTheAttributes_AreFalse()
    {
        Assert.True(StunMessage.TryParse(Build(b => b.AddUsername("a:b"), false, false), out var message));

        Assert.False(message.HasMessageIntegrity);
        Assert.False(message.CheckMessageIntegrity(Encoding.UTF8.GetBytes("pass")));
        Assert.False(message.CheckFingerprint());
    }

    [Fact]
    public void Parse_OverMaximumSize_ReturnsFalse()
    {
        byte[] bytes = Header(StunClass.Indication, StunMessage.MaxMessageLength - 20 + 4);
        Array.Resize(ref bytes, StunMessage.MaxMessageLength + 4);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(20), 0x8000);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), (ushort)(bytes.Length - 24));

        Assert.False(StunMessage.TryParse(bytes, out _));
        Assert.False(StunMessage.IsStun(bytes));
    }

    [Fact]
    public void Parse_AtAttributeLimit_Succeeds_AndOneMoreFails()
    {
        Assert.True(StunMessage.TryParse(WithEmptyAttributes(StunMessage.MaxAttributes), out _));
        Assert.False(StunMessage.TryParse(WithEmptyAttributes(StunMessage.MaxAttributes + 1), out _));
    }

    [Theory]
    [InlineData(0x0024, 3)]  // PRIORITY
    [InlineData(0x0024, 8)]
    [InlineData(0x0025, 4)]  // USE-CANDIDATE
    [InlineData(0x802A, 4)]  // ICE-CONTROLLING
    [InlineData(0x8029, 16)] // ICE-CONTROLLED
    [InlineData(0x0020, 7)]  // XOR-MAPPED-ADDRESS
    [InlineData(0x0009, 3)]  // ERROR-CODE
    [InlineData(0x0008, 16)] // MESSAGE-INTEGRITY
    [InlineData(0x8028, 8)]  // FINGERPRINT
    [InlineData(0x000A, 3)]  // UNKNOWN-ATTRIBUTES
    public void Parse_KnownAttributeOfWrongLength_ReturnsFalse(int type, int length)
    {
        byte[] bytes = Build(b => b.AddRaw((ushort)type, new byte[length]), false, false);

        Assert.False(StunMessage.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData("00 03 a1 47 e1 12 a6 43")] // family 3
    [InlineData("00 02 a1 47 e1 12 a6 43")] // IPv6 family with IPv4 length
    [InlineData("00 01 a1 47 e1 12 a6 43 00 00 00 00")] // IPv4 family with 12 bytes
    public void Parse_XorMappedAddressBadFamily_ReturnsFalse(string value)
    {
        byte[] bytes = Build(b => b.AddRaw(0x0020, Rfc5769Tests.Hex(value)), false, false);

        Assert.False(StunMessage.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData("00 00 02 00")] // class 2
    [InlineData("00 00 07 00")] // class 7
    [InlineData("00 00 04 64")] // number 100
    public void Parse_ErrorCodeOutOfRange_ReturnsFalse(string value)
    {
        byte[] bytes = Build(b => b.AddRaw(0x0009, Rfc5769Tests.Hex(value)), false, false);

        Assert.False(StunMessage.TryParse(bytes, out _));
    }

    [Fact]
    public void Parse_UsernameInvalidUtf8_ReturnsFalse()
    {
        byte[] bytes = Build(b => b.AddRaw(0x0006, [0x61, 0xff, 0x3a, 0x62]), false, false);

        Assert.False(StunMessage.TryParse(bytes, out _));
    }

    [Fact]
    public void Parse_UsernameOver513Bytes_ReturnsFalse()
    {
        byte[] bytes = Build(b => b.AddRaw(0x0006, new byte[514].Select(_ => (byte)'u').ToArray()), false, false);

        Assert.False(StunMessage.TryParse(bytes, out _));
        Assert.False(StunMessage.TryReadUsername(bytes, out _));
    }

    [Fact]
    public void Parse_UnknownComprehensionRequired_AreListedOnce_OptionalOnesIgnored()
    {
        byte[] bytes = Build(b => b.AddRaw(0x0003, [0, 0, 0, 0]).AddRaw(0x8055, [1]).AddRaw(0x7fff, []).AddRaw(0x0003, []), false, false);

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(new ushort[] { 0x0003, 0x7fff }, message.UnknownComprehensionRequired);
    }

    [Fact]
    public void TryReadUsername_WithoutUsername_ReturnsFalse()
    {
        Assert.False(StunMessage.TryReadUsername(Rfc5769Tests.SampleIPv4Response(), out _));
        Assert.False(StunMessage.TryReadUsername([0x16, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], out _));
    }

    [Fact]
    public void IsStun_ValidVectors_True()
    {
        Assert.True(StunMessage.IsStun(Rfc5769Tests.SampleRequest()));
        Assert.True(StunMessage.IsStun(Rfc5769Tests.SampleLongTermRequest()));
    }

    private static byte[] Vector(string name) => name switch
    {
        "request" => Rfc5769Tests.SampleRequest(),
        "ipv4" => Rfc5769Tests.SampleIPv4Response(),
        "ipv6" => Rfc5769Tests.SampleIPv6Response(),
        _ => Rfc5769Tests.SampleLongTermRequest(),
    };

    private static byte[] Build(Func<StunMessageBuilder, StunMessageBuilder> add, bool integrity, bool fingerprint)
    {
        var builder = add(new StunMessageBuilder(StunClass.Request, StunMethod.Binding, Id));
        var buffer = new byte[builder.GetSize(integrity, fingerprint)];
        builder.WriteTo(buffer, integrity ? Encoding.UTF8.GetBytes("pass") : [], fingerprint);
        return buffer;
    }

    private static byte[] WithEmptyAttributes(int count)
    {
        var builder = new StunMessageBuilder(StunClass.Indication, StunMethod.Binding, Id);
        for (int i = 0; i < count; i++)
        {
            builder.AddRaw(0x8030, []);
        }

        var buffer = new byte[builder.GetSize(false, false)];
        builder.WriteTo(buffer, [], false);
        return buffer;
    }

    private static byte[] Header(StunClass cls, int length)
    {
        var header = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(header, cls == StunClass.Request ? (ushort)0x0001 : (ushort)0x0011);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 0x2112A442);
        return header;
    }
}
