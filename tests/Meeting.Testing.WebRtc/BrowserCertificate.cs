using Meeting.WebRtc.Dtls;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Meeting.Testing.WebRtc;

/// <summary>The test browser's own self-signed ECDSA P-256 certificate, as a browser makes one per
/// RTCPeerConnection; the server learns it only through the answer's a=fingerprint.</summary>
public sealed class BrowserCertificate
{
    private BrowserCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = CertificateFingerprint.FromCertificate(der);
    }

    public byte[] Der { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public CertificateFingerprint Fingerprint { get; }

    public static BrowserCertificate Generate()
    {
        var random = new SecureRandom();
        var keys = new ECKeyPairGenerator("ECDSA");
        keys.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var pair = keys.GenerateKeyPair();
        var name = new X509Name("CN=test-browser");
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(62, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        generator.SetNotAfter(DateTime.UtcNow.AddDays(30));
        generator.SetPublicKey(pair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, random));
        return new BrowserCertificate(certificate.GetEncoded(), pair.Private);
    }
}
