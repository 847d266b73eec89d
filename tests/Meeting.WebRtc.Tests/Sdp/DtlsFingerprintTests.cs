using Meeting.WebRtc.Sdp;

namespace Meeting.WebRtc.Tests.Sdp;

public sealed class DtlsFingerprintTests
{
    private const string Sha256Text = "sha-256 " + SdpSamples.ChromiumFingerprint;

    [Fact]
    public void TryParse_Sha256_ReadsThirtyTwoBytes()
    {
        Assert.True(DtlsFingerprint.TryParse(Sha256Text, out var fingerprint));

        Assert.Equal(DtlsFingerprint.Sha256, fingerprint.Algorithm);
        Assert.Equal(32, fingerprint.Value.Length);
        Assert.Equal([0xA5, 0x4D, 0xCA], fingerprint.Value[..3]);
        Assert.Equal(0x5C, fingerprint.Value[^1]);
        Assert.Equal(Sha256Text, fingerprint.ToString());
    }

    [Fact]
    public void TryParse_LowerCaseHexAndUpperCaseAlgorithm_WritesCanonicalForm()
    {
        Assert.True(DtlsFingerprint.TryParse("SHA-256 " + SdpSamples.ChromiumFingerprint.ToLowerInvariant(), out var fingerprint));

        Assert.Equal(Sha256Text, fingerprint.ToString());
    }

    [Fact]
    public void TryParse_Rfc8122Sha1Example_Reads20Bytes()
    {
        // RFC 8122 §5 (and RFC 4572 §5) example: a=fingerprint:SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB
        Assert.True(DtlsFingerprint.TryParse("SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", out var fingerprint));

        Assert.Equal("sha-1", fingerprint.Algorithm);
        Assert.Equal(Convert.FromHexString("4AADB9B13F82183B540212DF3E5D496B19E57CAB"), fingerprint.Value);
    }

    [Fact]
    public void Equals_ComparesBytesNotReferences()
    {
        Assert.True(DtlsFingerprint.TryParse(Sha256Text, out var a));
        Assert.True(DtlsFingerprint.TryParse(Sha256Text.ToLowerInvariant(), out var b));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.Matches(b.Value));
        b.Value[0] ^= 1;
        Assert.NotEqual(a, b);
        Assert.False(a.Matches(b.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-256 AB-CD")]
    [InlineData("sha-256 A:BC")]
    [InlineData("sha-256 ZZ:00")]
    [InlineData("sha-256 AB:CD:")]
    [InlineData("sha-256 ABCD")]
    [InlineData("sha-256 :AB:CD")]
    public void TryParse_Malformed_ReturnsFalse(string? text) =>
        Assert.False(DtlsFingerprint.TryParse(text, out _));

    [Fact]
    public void TryParse_UnknownAlgorithm_AcceptsAnyLengthUpTo64Bytes()
    {
        Assert.True(DtlsFingerprint.TryParse("x-hash AB:CD", out var fingerprint));
        Assert.Equal("x-hash AB:CD", fingerprint.ToString());
        Assert.False(DtlsFingerprint.TryParse("x-hash " + string.Join(':', Enumerable.Repeat("AB", 65)), out _));
    }
}
