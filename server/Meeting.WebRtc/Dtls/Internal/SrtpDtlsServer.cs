using Meeting.WebRtc.Srtp;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Meeting.WebRtc.Dtls.Internal;

/// <summary>BouncyCastle's TLS server callbacks, set up for WebRTC's DTLS-SRTP: DTLS 1.2 only, ECDHE_ECDSA
/// AEAD suites, extended master secret required, a client certificate required and pinned by the SDP
/// fingerprint, use_srtp required, SRTP keys exported when the handshake completes.</summary>
/// <remarks>RFC 5764 §4.1 (use_srtp), §4.2 (key derivation); RFC 8842 §5 (DTLS in SDP offer/answer);
/// RFC 8827 §6.5 (both sides present certificates); RFC 7627 (extended master secret).</remarks>
internal sealed class SrtpDtlsServer : DefaultTlsServer
{
    private static readonly int[] PreferredCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    private static readonly int[] NamedGroups = [NamedGroup.x25519, NamedGroup.secp256r1];

    private readonly BcTlsCrypto _crypto;
    private readonly DtlsCertificate _certificate;
    private readonly SrtpProfile[] _profiles;
    private readonly CertificateFingerprint _expectedClientFingerprint;
    private readonly int _handshakeTimeoutMillis;
    private SrtpProfile? _selectedProfile;
    private volatile bool _peerClosed;

    public SrtpDtlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, SrtpProfile[] profiles,
        CertificateFingerprint expectedClientFingerprint, TimeSpan handshakeTimeout)
        : base(crypto)
    {
        _crypto = crypto;
        _certificate = certificate;
        _profiles = profiles;
        _expectedClientFingerprint = expectedClientFingerprint;
        _handshakeTimeoutMillis = (int)Math.Clamp(handshakeTimeout.TotalMilliseconds, 1, int.MaxValue);
    }

    /// <summary>Set once the exporter ran, in <see cref="NotifyHandshakeComplete"/>.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>The client's certificate was missing or did not match the SDP fingerprint.</summary>
    public bool FingerprintMismatch { get; private set; }

    /// <summary>The client sent close_notify or a fatal alert.</summary>
    public bool PeerClosed => _peerClosed;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, PreferredCipherSuites);

    protected override bool PreferLocalCipherSuites() => true;

    public override int[] GetSupportedGroups() => (int[])NamedGroups.Clone();

    /// <summary>The first group in the client's supported_groups that is P-256 or X25519. The base class
    /// would take any curve the client lists.</summary>
    protected override int SelectECDH(int minimumCurveBits)
    {
        int[]? clientGroups = m_context.SecurityParameters.ClientSupportedGroups;
        if (clientGroups is null)
        {
            return NamedGroup.secp256r1;
        }

        foreach (int group in clientGroups)
        {
            if (Array.IndexOf(NamedGroups, group) >= 0 && NamedGroup.GetCurveBits(group) >= minimumCurveBits)
            {
                return group;
            }
        }

        return -1;
    }

    public override bool RequiresExtendedMasterSecret() => true;

    /// <summary>BouncyCastle's DTLS never renegotiates, so a client without renegotiation_info is harmless
    /// (RFC 5746 §4.3 leaves it to a server that does not renegotiate).</summary>
    public override void NotifySecureRenegotiation(bool secureRenegotiation)
    {
    }

    /// <summary>The fingerprint pins the client's certificate; the signature inside a self-signed certificate
    /// proves nothing, so its algorithm is not checked against ours.</summary>
    public override bool ShouldCheckSigAlgOfPeerCerts() => false;

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        UseSrtpData? useSrtp = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (useSrtp is null)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client offered no use_srtp extension.");
        }

        foreach (SrtpProfile profile in _profiles)
        {
            if (Array.IndexOf(useSrtp.ProtectionProfiles, (int)profile) >= 0)
            {
                _selectedProfile = profile;
                return;
            }
        }

        throw new TlsFatalAlert(AlertDescription.handshake_failure, "No SRTP protection profile in common.");
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetServerExtensions();
        // RFC 5764 §4.1.1: exactly one profile back, and an empty MKI (this server does not use MKIs).
        TlsSrtpUtilities.AddUseSrtpExtension(
            extensions, new UseSrtpData([(int)_selectedProfile!.Value], TlsUtilities.EmptyBytes));
        return extensions;
    }

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var chain = new Certificate([new BcTlsCertificate(_crypto, _certificate.DerEncoded.ToArray())]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), _crypto,
            _certificate.PrivateKey, chain, SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>Asks for the client's certificate: browsers always have one (RFC 8827 §6.5). ecdsa_sign is
    /// what Chromium and Firefox use; rsa_sign stays for clients configured with RSA certificates.</summary>
    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
        [
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        ],
        null);

    /// <summary>RFC 8842 §5.1: the leaf certificate must hash to the fingerprint of the client's SDP.
    /// BouncyCastle checks afterwards, in CertificateVerify, that the client holds its key.</summary>
    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            FingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client sent no certificate.");
        }

        byte[] leaf = clientCertificate.GetCertificateAt(0).GetEncoded();
        if (!_expectedClientFingerprint.Matches(leaf))
        {
            FingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate,
                "The client's certificate does not match its SDP fingerprint.");
        }
    }

    /// <summary>Exports the SRTP keys: the exporter is only usable while the handshake's secrets are live.</summary>
    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        SrtpProfile profile = _selectedProfile!.Value;
        byte[] material = m_context.ExportKeyingMaterial(
            DtlsSrtpKeys.ExporterLabel, null, DtlsSrtpKeys.GetExporterLength(profile));
        Keys = DtlsSrtpKeys.FromExporterOutput(profile, material);
        Array.Clear(material);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        if (alertLevel == AlertLevel.fatal || alertDescription == AlertDescription.close_notify)
        {
            _peerClosed = true;
        }
    }
}
