using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Srtp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Meeting.Testing.WebRtc;

/// <summary>A BouncyCastle DTLS 1.2 client standing in for a browser (the DTLS client: a=setup:active): its
/// own self-signed ECDSA certificate, use_srtp with the given profiles, extended master secret, the same
/// RFC 5764 exporter as the server, and — given the fingerprint of the server's SDP — the server's
/// certificate checked against it, as a browser does (RFC 8122 §5).</summary>
public sealed class BrowserDtlsClient : DefaultTlsClient
{
    private readonly BcTlsCrypto _crypto;
    private readonly BrowserCertificate _certificate;
    private readonly int[] _profiles;
    private readonly CertificateFingerprint? _expectedServer;
    private readonly bool _offerExtendedMasterSecret;
    private readonly int _clientHelloPadding;
    private SrtpProfile? _selectedProfile;

    /// <param name="clientHelloPadding">Bytes of RFC 7685 padding added to the ClientHello, to make it as large
    /// as a browser's DTLS 1.3 offer with a post-quantum key share.</param>
    /// <param name="expectedServer">The fingerprint of the server's SDP; null accepts any certificate.</param>
    public BrowserDtlsClient(BrowserCertificate certificate, int[] profiles, CertificateFingerprint? expectedServer = null,
        bool offerExtendedMasterSecret = true, int clientHelloPadding = 0)
        : this(new BcTlsCrypto(new SecureRandom()), certificate, profiles, expectedServer, offerExtendedMasterSecret, clientHelloPadding)
    {
    }

    private BrowserDtlsClient(BcTlsCrypto crypto, BrowserCertificate certificate, int[] profiles, CertificateFingerprint? expectedServer,
        bool offerExtendedMasterSecret, int clientHelloPadding)
        : base(crypto)
    {
        _expectedServer = expectedServer;
        _clientHelloPadding = clientHelloPadding;
        _crypto = crypto;
        _certificate = certificate;
        _profiles = profiles;
        _offerExtendedMasterSecret = offerExtendedMasterSecret;
    }

    /// <summary>What browsers offer: AEAD_AES_128_GCM first, then AES_CM_128_HMAC_SHA1_80.</summary>
    public static int[] BothProfiles => [(int)SrtpProfile.AeadAes128Gcm, (int)SrtpProfile.Aes128CmHmacSha1_80];

    /// <summary>Offer DTLS 1.3 as Firefox 146+ does: supported_versions {DTLS 1.3, DTLS 1.2}, an X25519MLKEM768
    /// group first and a key_share of its size (RFC 9147 §5.3, RFC 8446 §4.2.8). The client itself only speaks
    /// 1.2, so this checks that the server falls back.</summary>
    public bool OfferDtls13 { get; init; }

    /// <summary>Refuse the server's certificate with a fatal bad_certificate alert.</summary>
    public bool RejectServerCertificate { get; init; }

    /// <summary>The keys the client derived, set when its handshake completes.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>The DER certificate the server presented.</summary>
    public byte[]? ServerCertificate { get; private set; }

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

    public override bool ShouldUseExtendedMasterSecret() => _offerExtendedMasterSecret;

    public override int GetHandshakeTimeoutMillis() => 15_000;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_profiles, TlsUtilities.EmptyBytes));
        if (OfferDtls13)
        {
            // X25519MLKEM768: 1184-byte ML-KEM-768 encapsulation key + 32-byte X25519 share (RFC 9147 keeps
            // 1.3 ClientHellos this large; the key bytes never matter to a 1.2 server).
            TlsExtensionsUtilities.AddSupportedVersionsExtensionClient(
                extensions, [ProtocolVersion.DTLSv13, ProtocolVersion.DTLSv12]);
            TlsExtensionsUtilities.AddSupportedGroupsExtension(
                extensions, [NamedGroup.X25519MLKEM768, NamedGroup.x25519, NamedGroup.secp256r1]);
            TlsExtensionsUtilities.AddKeyShareClientHello(extensions,
                [new KeyShareEntry(NamedGroup.X25519MLKEM768, new byte[1216]), new KeyShareEntry(NamedGroup.x25519, new byte[32])]);
        }

        if (_clientHelloPadding > 0)
        {
            TlsExtensionsUtilities.AddPaddingExtension(extensions, _clientHelloPadding);
        }

        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData useSrtp = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
        if (useSrtp.ProtectionProfiles.Length != 1 || Array.IndexOf(_profiles, useSrtp.ProtectionProfiles[0]) < 0)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }

        _selectedProfile = (SrtpProfile)useSrtp.ProtectionProfiles[0];
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        SrtpProfile profile = _selectedProfile!.Value;
        byte[] material = m_context.ExportKeyingMaterial(
            ExporterLabel.dtls_srtp, null, DtlsSrtpKeys.GetExporterLength(profile));
        Keys = DtlsSrtpKeys.FromExporterOutput(profile, material);
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    private sealed class Authentication(BrowserDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            if (serverCertificate.Certificate.IsEmpty)
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }

            client.ServerCertificate = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
            if (client.RejectServerCertificate || (client._expectedServer is { } expected && !expected.Matches(client.ServerCertificate)))
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
