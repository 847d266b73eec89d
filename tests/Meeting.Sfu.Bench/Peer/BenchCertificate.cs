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

namespace Meeting.Sfu.Bench.Peer;

/// <summary>The bench peers' own self-signed ECDSA P-256 certificate (a browser makes one per peer
/// connection; the bench shares one, which the server cannot tell apart). The server's
/// <see cref="DtlsCertificate"/> keeps its private key internal, so the client makes its own.</summary>
internal sealed class BenchCertificate
{
    private BenchCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Der = certificate.GetEncoded();
        PrivateKey = privateKey;
        Fingerprint = CertificateFingerprint.FromCertificate(Der);
    }

    public byte[] Der { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public CertificateFingerprint Fingerprint { get; }

    public static BenchCertificate Generate()
    {
        var random = new SecureRandom();
        var keys = new ECKeyPairGenerator("ECDSA");
        keys.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair pair = keys.GenerateKeyPair();
        var name = new X509Name("CN=bench");
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(62, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        generator.SetNotAfter(DateTime.UtcNow.AddDays(30));
        generator.SetPublicKey(pair.Public);
        X509Certificate certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, random));
        return new BenchCertificate(certificate, pair.Private);
    }
}
