using Meeting.WebRtc.Rtp;

namespace Meeting.WebRtc.Tests.Rtp;

/// <summary>RFC 4588 §4: the RTX payload is the OSN followed by the original payload.</summary>
public sealed class Rfc4588Tests
{
    [Fact]
    public void Wrap_InsertsOsnAndRewritesHeader_KeepingExtensions()
    {
        // M=1 PT=96 seq 0x1234; one-byte extension (id 1 = AA); payload 01 02 03; 4 padding bytes.
        var original = RtpHeaderTests.Hex("B0 E0 1234 00001000 DEADBEEF BEDE 0001 10AA0000 010203 00000004");
        var rtx = new byte[Rtx.GetWrappedSize(original.Length)];
        var length = Rtx.Wrap(original, rtx, 0x0BADF00D, 97, 0x0007);

        // Padding dropped, P bit cleared, marker kept, OSN 1234 before the payload.
        Assert.Equal(RtpHeaderTests.Hex("90 E1 0007 00001000 0BADF00D BEDE 0001 10AA0000 1234 010203"), rtx[..length]);
    }

    [Fact]
    public void WrapThenUnwrap_RestoresTheOriginal()
    {
        var original = RtpHeaderTests.Hex("91 60 FFFF 00ABCDEF 11223344 55667788 BEDE 0001 10AA0000 0102030405");
        var rtx = new byte[64];
        var rtxLength = Rtx.Wrap(original, rtx, 0x99999999, 97, 42);
        Assert.Equal(original.Length + 2, rtxLength);

        Assert.True(RtpHeader.TryParse(rtx.AsSpan(0, rtxLength), out var rtxHeader));
        Assert.Equal((97, (ushort)42, 0x99999999u), (rtxHeader.PayloadType, rtxHeader.SequenceNumber, rtxHeader.Ssrc));

        var restored = new byte[64];
        Assert.True(Rtx.TryUnwrap(rtx.AsSpan(0, rtxLength), restored, 96, 0x11223344, out var length));
        Assert.Equal(original, restored[..length]);
    }

    [Fact]
    public void Unwrap_WithoutOsn_ReturnsFalse()
    {
        var rtx = RtpHeaderTests.Hex("80 61 0001 00000002 00000003 12");
        Assert.False(Rtx.TryUnwrap(rtx, new byte[64], 96, 1, out _));
    }

    [Fact]
    public void Wrap_InvalidOrTooSmall_ReturnsZero()
    {
        Assert.Equal(0, Rtx.Wrap(RtpHeaderTests.Hex("40 60 0001 00000002 00000003"), new byte[64], 1, 97, 1));
        var original = RtpHeaderTests.Hex(RtpHeaderTests.Plain);
        Assert.Equal(0, Rtx.Wrap(original, new byte[original.Length + 1], 1, 97, 1));
        Assert.False(Rtx.TryUnwrap(original, new byte[4], 96, 1, out _));
    }
}
