using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Meeting.WebRtc.Dtls;
using Org.BouncyCastle.Crypto.Parameters;

namespace Meeting.WebRtc.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Fingerprint_IsSha256OfDer()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate(Now);

        Assert.Equal(CertificateFingerprint.Sha256, certificate.Fingerprint.Algorithm);
        Assert.Equal(SHA256.HashData(certificate.GetDerEncoded()), certificate.Fingerprint.Value);
        Assert.True(certificate.Fingerprint.Matches(certificate.GetDerEncoded()));
    }

    [Fact]
    public void Fingerprint_ToSdpValue_IsLowerCaseNameAndUpperCaseColonHex()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate(Now);

        string value = certificate.Fingerprint.ToSdpValue();

        Assert.Matches(new Regex("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$"), value);
        Assert.Equal(Convert.ToHexString(certificate.Fingerprint.Value), value["sha-256 ".Length..].Replace(":", ""));
    }

    [Fact]
    public void Generate_IsSelfSignedEcdsaP256WithSha256()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate(Now);

        Assert.Equal("1.2.840.10045.4.3.2", certificate.BcCertificate.SigAlgOid); // ecdsa-with-SHA256
        var publicKey = Assert.IsType<ECPublicKeyParameters>(certificate.BcCertificate.GetPublicKey());
        Assert.Equal(256, publicKey.Parameters.Curve.FieldSize);
        certificate.BcCertificate.Verify(publicKey); // throws when the self-signature is wrong
        Assert.Equal("CN=meeting", certificate.BcCertificate.SubjectDN.ToString());
        Assert.Equal(certificate.BcCertificate.SubjectDN, certificate.BcCertificate.IssuerDN);
        Assert.True(certificate.BcCertificate.SerialNumber.SignValue > 0);
    }

    [Fact]
    public void Generate_ValidFromADayBeforeNowForThirtyDays()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate(Now);

        Assert.Equal(Now.AddDays(-1), certificate.NotBefore);
        Assert.Equal(Now.AddDays(29), certificate.NotAfter);
    }

    [Fact]
    public void Generate_TwiceGivesDistinctKeysAndSerials()
    {
        DtlsCertificate first = DtlsCertificate.Generate(Now);
        DtlsCertificate second = DtlsCertificate.Generate(Now);

        Assert.NotEqual(first.BcCertificate.SerialNumber, second.BcCertificate.SerialNumber);
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
    }
}
