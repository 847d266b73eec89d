using System.Net;
using System.Text;
using Meeting.WebRtc.Stun;

namespace Meeting.WebRtc.Tests.Stun;

public sealed class StunMessageRoundTripTests
{
    private static readonly StunTransactionId Id = new(Rfc5769Tests.Hex("00 11 22 33 44 55 66 77 88 99 aa bb"));
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a-password-of-24-chars!!");

    [Theory]
    [InlineData(StunClass.Request, 0x0001)]
    [InlineData(StunClass.Indication, 0x0011)]
    [InlineData(StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunClass.ErrorResponse, 0x0111)]
    public void Header_BindingOfEachClass_HasRfcMessageType(StunClass cls, int expectedType)
    {
        byte[] bytes = Write(new StunMessageBuilder(cls, StunMethod.Binding, Id), [], fingerprint: false);

        Assert.Equal(expectedType, (bytes[0] << 8) | bytes[1]);
        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(cls, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(Id, message.TransactionId);
    }

    [Fact]
    public void Header_MethodWithAllTwelveBits_RoundTrips()
    {
        var method = (StunMethod)0x0FFF;
        byte[] bytes = Write(new StunMessageBuilder(StunClass.ErrorResponse, method, Id), [], fingerprint: false);

        Assert.Equal(0x3F, bytes[0]);
        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(method, message.Method);
        Assert.Equal(StunClass.ErrorResponse, message.Class);
    }

    [Fact]
    public void AllIceAttributes_RoundTrip_WithIntegrityAndFingerprint()
    {
        var builder = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, Id)
            .AddUsername("abcd:efgh")
            .AddPriority(0xdeadbeef)
            .AddUseCandidate()
            .AddIceControlling(0x0102030405060708)
            .AddIceControlled(0xf0e0d0c0b0a09080)
            .AddSoftware("meeting sfu");

        byte[] bytes = Write(builder, Key, fingerprint: true);

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal("abcd:efgh", message.Username);
        Assert.Equal(0xdeadbeefu, message.Priority);
        Assert.True(message.UseCandidate);
        Assert.Equal(0x0102030405060708ul, message.IceControlling);
        Assert.Equal(0xf0e0d0c0b0a09080ul, message.IceControlled);
        Assert.Equal("meeting sfu", message.Software);
        Assert.True(message.CheckMessageIntegrity(Key));
        Assert.True(message.CheckFingerprint());
    }

    [Theory]
    [InlineData("203.0.113.7", 1)]
    [InlineData("203.0.113.7", 65535)]
    [InlineData("2001:db8::1", 50000)]
    [InlineData("::1", 9)]
    public void XorMappedAddress_RoundTrips(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        byte[] bytes = Write(new StunMessageBuilder(StunClass.SuccessResponse, StunMethod.Binding, Id).AddXorMappedAddress(endPoint), [], true);

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(endPoint, message.XorMappedAddress);
    }

    [Fact]
    public void XorMappedAddress_OfIPv4MappedIPv6_IsWrittenAsIPv4()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("198.51.100.9").MapToIPv6(), 4000);
        byte[] bytes = Write(new StunMessageBuilder(StunClass.SuccessResponse, StunMethod.Binding, Id).AddXorMappedAddress(mapped), [], false);

        Assert.Equal(20 + 4 + 8, bytes.Length);
        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.9"), 4000), message.XorMappedAddress);
    }

    [Theory]
    [InlineData(300, "Try Alternate")]
    [InlineData(420, "Unknown Attribute")]
    [InlineData(487, "Role Conflict")]
    [InlineData(699, "")]
    public void ErrorCode_RoundTrips(int code, string reason)
    {
        byte[] bytes = Write(new StunMessageBuilder(StunClass.ErrorResponse, StunMethod.Binding, Id).AddErrorCode(code, reason), Key, true);

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(code, message.ErrorCode);
        Assert.Equal(reason, message.ErrorReason);
    }

    [Theory]
    [InlineData(299)]
    [InlineData(700)]
    public void ErrorCode_OutOfRange_IsRefusedByBuilder(int code)
    {
        var builder = new StunMessageBuilder(StunClass.ErrorResponse, StunMethod.Binding, Id);

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddErrorCode(code, "x"));
    }

    [Theory]
    [InlineData(new ushort[] { 0x0003 })]
    [InlineData(new ushort[] { 0x0003, 0x7fff, 0x001c })]
    public void UnknownAttributes_RoundTrip_WithPadding(ushort[] types)
    {
        byte[] bytes = Write(new StunMessageBuilder(StunClass.ErrorResponse, StunMethod.Binding, Id).AddUnknownAttributes(types), [], true);

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(types, message.UnknownAttributes);
    }

    [Fact]
    public void Username_Of513Bytes_RoundTrips_And514IsRefused()
    {
        string longest = new('u', StunMessage.MaxUsernameLength);
        byte[] bytes = Write(new StunMessageBuilder(StunClass.Request, StunMethod.Binding, Id).AddUsername(longest), [], false);

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(longest, message.Username);
        var builder = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, Id);
        Assert.Throws<ArgumentException>(() => builder.AddUsername(longest + "u"));
    }

    [Fact]
    public void Username_NonAscii_RoundTripsAsUtf8()
    {
        const string username = "\u30DE\u30C8\u30EA:\u00e9t\u00e9";
        byte[] bytes = Write(new StunMessageBuilder(StunClass.Request, StunMethod.Binding, Id).AddUsername(username), Key, true);

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(username, message.Username);
        Assert.True(StunMessage.TryReadUsername(bytes, out var raw));
        Assert.Equal(Encoding.UTF8.GetBytes(username), raw.ToArray());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void GetSize_MatchesBytesWritten(bool integrity, bool fingerprint)
    {
        var builder = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, Id).AddUsername("odd").AddPriority(1);
        var buffer = new byte[200];

        int written = builder.WriteTo(buffer, integrity ? Key : [], fingerprint);

        Assert.Equal(builder.GetSize(integrity, fingerprint), written);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, written), out var message));
        Assert.Equal(integrity, message.HasMessageIntegrity);
        Assert.Equal(fingerprint, message.HasFingerprint);
        Assert.Equal(integrity, message.CheckMessageIntegrity(Key));
        Assert.Equal(fingerprint, message.CheckFingerprint());
    }

    [Fact]
    public void WriteTo_ShortDestination_Throws()
    {
        var builder = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, Id).AddUsername("abcd:efgh");

        Assert.Throws<ArgumentException>(() => builder.WriteTo(new byte[builder.GetSize(true, true) - 1], Key, true));
    }

    [Fact]
    public void RepeatedAttribute_FirstOccurrenceWins()
    {
        var builder = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, Id).AddPriority(1).AddPriority(2).AddUsername("a:b").AddUsername("c:d");

        Assert.True(StunMessage.TryParse(Write(builder, [], false), out var message));
        Assert.Equal(1u, message.Priority);
        Assert.Equal("a:b", message.Username);
    }

    private static byte[] Write(StunMessageBuilder builder, byte[] key, bool fingerprint)
    {
        var buffer = new byte[builder.GetSize(key.Length > 0, fingerprint)];
        Assert.Equal(buffer.Length, builder.WriteTo(buffer, key, fingerprint));
        return buffer;
    }
}
