using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Srtp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>A BouncyCastle DTLS 1.2 client standing in for a browser (the DTLS client: a=setup:active):
/// its own certificate, use_srtp with both profiles browsers offer, and the server's certificate checked
/// against the fingerprint of the server's offer, as a browser does (RFC 8122 §5).</summary>
internal sealed class TestDtlsClient : DefaultTlsClient
{
    private static readonly int[] Profiles = [(int)SrtpProfile.AeadAes128Gcm, (int)SrtpProfile.Aes128CmHmacSha1_80];

    private readonly BcTlsCrypto _crypto;
    private readonly TestCertificate _certificate;
    private readonly CertificateFingerprint _expectedServer;
    private SrtpProfile? _selectedProfile;

    public TestDtlsClient(TestCertificate certificate, CertificateFingerprint expectedServer)
        : this(new BcTlsCrypto(new SecureRandom()), certificate, expectedServer)
    {
    }

    private TestDtlsClient(BcTlsCrypto crypto, TestCertificate certificate, CertificateFingerprint expectedServer)
        : base(crypto)
    {
        _crypto = crypto;
        _certificate = certificate;
        _expectedServer = expectedServer;
    }

    /// <summary>The keys both sides export, set when the handshake completes.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>Runs DtlsClientProtocol.Connect on a thread of its own (it blocks).</summary>
    public Task<DtlsTransport> ConnectAsync(DatagramTransport transport) =>
        Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(this, transport),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    public override bool ShouldUseExtendedMasterSecret() => true;

    public override int GetHandshakeTimeoutMillis() => 15_000;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(Profiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData useSrtp = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
        if (useSrtp.ProtectionProfiles.Length != 1 || Array.IndexOf(Profiles, useSrtp.ProtectionProfiles[0]) < 0)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }

        _selectedProfile = (SrtpProfile)useSrtp.ProtectionProfiles[0];
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        SrtpProfile profile = _selectedProfile!.Value;
        byte[] material = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, DtlsSrtpKeys.GetExporterLength(profile));
        Keys = DtlsSrtpKeys.FromExporterOutput(profile, material);
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    private sealed class Authentication(TestDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            if (serverCertificate.Certificate.IsEmpty
                || !client._expectedServer.Matches(serverCertificate.Certificate.GetCertificateAt(0).GetEncoded()))
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
