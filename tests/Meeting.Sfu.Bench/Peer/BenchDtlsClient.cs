using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Srtp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Meeting.Sfu.Bench.Peer;

/// <summary>A BouncyCastle DTLS 1.2 client standing in for the browser: use_srtp with one profile,
/// extended master secret, the RFC 5764 exporter; checks the server's certificate against the offer's
/// fingerprint as a browser does.</summary>
internal sealed class BenchDtlsClient : DefaultTlsClient
{
    private readonly BcTlsCrypto _crypto;
    private readonly BenchCertificate _certificate;
    private readonly SrtpProfile _profile;
    private readonly CertificateFingerprint _expectedServer;

    public BenchDtlsClient(BenchCertificate certificate, SrtpProfile profile, CertificateFingerprint expectedServer)
        : this(new BcTlsCrypto(new SecureRandom()), certificate, profile, expectedServer)
    {
    }

    private BenchDtlsClient(BcTlsCrypto crypto, BenchCertificate certificate, SrtpProfile profile, CertificateFingerprint expectedServer)
        : base(crypto)
    {
        _crypto = crypto;
        _certificate = certificate;
        _profile = profile;
        _expectedServer = expectedServer;
    }

    public DtlsSrtpKeys? Keys { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    public override bool ShouldUseExtendedMasterSecret() => true;

    public override int GetHandshakeTimeoutMillis() => 10_000;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_profile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData useSrtp = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
        if (useSrtp.ProtectionProfiles.Length != 1 || useSrtp.ProtectionProfiles[0] != (int)_profile)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        byte[] material = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, DtlsSrtpKeys.GetExporterLength(_profile));
        Keys = DtlsSrtpKeys.FromExporterOutput(_profile, material);
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    private sealed class Authentication(BenchDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            byte[] der = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
            if (!client._expectedServer.Matches(der))
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        {
            var chain = new Certificate([new BcTlsCertificate(client._crypto, client._certificate.Der)]);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(client.m_context), client._crypto,
                client._certificate.PrivateKey, chain,
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }
}
