using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Meeting.WebRtc.Dtls;

/// <summary>The server's self-signed DTLS certificate and its private key. WebRTC authenticates the
/// certificate through the fingerprint in the SDP, not through a CA, so a fresh one per process is enough.</summary>
/// <remarks>RFC 8827 §6.5 (self-signed certificates, fingerprint in the signalling), RFC 8122 §5.</remarks>
public sealed class DtlsCertificate
{
    /// <summary>Subject and issuer name. Browsers ignore it; it only helps when reading a capture.</summary>
    public const string CommonName = "meeting";

    /// <summary>How far before "now" the certificate starts, so a peer whose clock is behind accepts it.</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromDays(1);

    /// <summary>How long the certificate is valid after its start.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly byte[] _der;

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        BcCertificate = certificate;
        PrivateKey = privateKey;
        _der = certificate.GetEncoded();
        Fingerprint = CertificateFingerprint.FromCertificate(_der);
    }

    /// <summary>SHA-256 over the DER certificate, for the SDP's a=fingerprint.</summary>
    public CertificateFingerprint Fingerprint { get; }

    public DateTimeOffset NotBefore => new(BcCertificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    public DateTimeOffset NotAfter => new(BcCertificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    internal X509Certificate BcCertificate { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The DER encoding of the certificate (a copy).</summary>
    public byte[] GetDerEncoded() => (byte[])_der.Clone();

    internal ReadOnlySpan<byte> DerEncoded => _der;

    /// <summary>A new ECDSA P-256 key and a self-signed SHA256withECDSA certificate for it, valid from
    /// <paramref name="now"/> − <see cref="Backdate"/> for <see cref="Lifetime"/>.</summary>
    public static DtlsCertificate Generate(DateTimeOffset now)
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator("ECDSA");
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        var name = new X509Name("CN=" + CommonName);
        DateTime notBefore = (now - Backdate).UtcDateTime;
        var generator = new X509V3CertificateGenerator();
        // A positive 63-bit serial: random so two certificates of one process never share one (RFC 5280 §4.1.2.2).
        generator.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notBefore + Lifetime);
        generator.SetPublicKey(keyPair.Public);
        X509Certificate certificate = generator.Generate(
            new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate, keyPair.Private);
    }
}
