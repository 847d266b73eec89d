using Meeting.WebRtc.Dtls;

namespace Meeting.WebRtc.Tests.Dtls;

/// <summary>RFC 8122 §5 a=fingerprint values.</summary>
public sealed class CertificateFingerprintTests
{
    private const string Sha256Value =
        "sha-256 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:FF";

    [Fact]
    public void TryParse_Sha256Value_ReadsAlgorithmAndBytes()
    {
        Assert.True(CertificateFingerprint.TryParse(Sha256Value, out CertificateFingerprint? fingerprint));

        Assert.Equal("sha-256", fingerprint!.Algorithm);
        Assert.Equal([.. Enumerable.Range(0, 31).Select(i => (byte)i), 0xFF], fingerprint.Value);
    }

    [Fact]
    public void ToSdpValue_RoundTripsParsedValue()
    {
        Assert.True(CertificateFingerprint.TryParse(Sha256Value, out CertificateFingerprint? fingerprint));

        Assert.Equal(Sha256Value, fingerprint!.ToSdpValue());
    }

    [Fact]
    public void TryParse_UpperCaseNameAndLowerCaseHex_IsAccepted()
    {
        Assert.True(CertificateFingerprint.TryParse("SHA-256" + Sha256Value[7..].ToLowerInvariant(), out var fingerprint));

        Assert.Equal(Sha256Value, fingerprint!.ToSdpValue());
    }

    [Fact]
    public void TryParse_Sha1Value_IsAccepted()
    {
        Assert.True(CertificateFingerprint.TryParse(
            "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", out var fingerprint));

        Assert.Equal(20, fingerprint!.Value.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F")] // not accepted: RFC 8122 §5 deprecates MD5
    [InlineData("sha-256 00:01")] // too short for SHA-256
    [InlineData("sha-256 00-01-02-03-04-05-06-07-08-09-0A-0B-0C-0D-0E-0F-10-11-12-13-14-15-16-17-18-19-1A-1B-1C-1D-1E-FF")]
    [InlineData("sha-256 0G:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:FF")]
    [InlineData("sha-256 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:FF:00")]
    public void TryParse_Malformed_ReturnsFalse(string? value)
    {
        Assert.False(CertificateFingerprint.TryParse(value, out CertificateFingerprint? fingerprint));
        Assert.Null(fingerprint);
    }

    [Fact]
    public void Matches_OtherCertificate_ReturnsFalse()
    {
        byte[] der = [0x30, 0x03, 0x02, 0x01, 0x01];
        CertificateFingerprint fingerprint = CertificateFingerprint.FromCertificate(der);
        byte[] other = (byte[])der.Clone();
        other[^1] ^= 1;

        Assert.True(fingerprint.Matches(der));
        Assert.False(fingerprint.Matches(other));
    }

    [Fact]
    public void Matches_UnknownAlgorithm_ReturnsFalse() =>
        Assert.False(new CertificateFingerprint("md5", new byte[16]).Matches([1, 2, 3]));

    [Fact]
    public void Equals_SameAlgorithmAndBytes_IsTrue() =>
        Assert.Equal(new CertificateFingerprint("sha-256", [1, 2]), new CertificateFingerprint("SHA-256", [1, 2]));
}
