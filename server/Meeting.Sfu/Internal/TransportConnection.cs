using System.Net;
using System.Net.Sockets;
using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Srtp;
using Microsoft.Extensions.Logging;

namespace Meeting.Sfu.Internal;

/// <summary>
/// The secure path of one <see cref="WebRtcTransport"/>: ICE-lite (which addresses are verified, which
/// one is selected), the DTLS handshake, and the SRTP sessions it keys. The server only routes DTLS,
/// SRTP and SRTCP here from <see cref="Endpoints"/>, the addresses that passed an authenticated check.
/// Runs on the media loop, except <see cref="SendDtls"/>, which BouncyCastle's handshake thread calls.
/// </summary>
internal sealed class TransportConnection
{
    private const int MaxEndpoints = 8;

    private readonly WebRtcTransport _owner;
    private readonly WebRtcServer _server;
    private readonly IceLiteAgent _ice;
    private readonly DtlsServerTransport _dtls;
    private readonly List<EndpointKey> _endpoints = [];
    private readonly ILogger _logger;
    private SocketAddress? _remote;
    private SrtpSession? _srtpIn;
    private SrtpSession? _srtpOut;
    private EarlyMediaBuffer? _early;
    private bool _handshakeStarted;

    public TransportConnection(WebRtcTransport owner, WebRtcServer server, DtlsCertificate certificate, ILogger logger)
    {
        _owner = owner;
        _server = server;
        _logger = logger;
        LocalIce = IceCredentials.Generate();
        _ice = new IceLiteAgent(LocalIce, new IceLiteOptions { ConsentTimeout = server.Options.ConsentTimeout, MaxVerifiedAddresses = MaxEndpoints });
        _dtls = new DtlsServerTransport(certificate, new DtlsServerOptions { HandshakeTimeout = server.Options.DtlsHandshakeTimeout }, SendDtls);
    }

    public IceCredentials LocalIce { get; }

    public bool Connected => _srtpOut is not null;

    public IReadOnlyList<EndpointKey> Endpoints => _endpoints;

    /// <summary>Starts DTLS once the answer said which certificate the browser's must be; datagrams that
    /// came earlier are waiting in the handshake's queue.</summary>
    public void Start(CertificateFingerprint expected)
    {
        if (_handshakeStarted)
        {
            return;
        }

        _handshakeStarted = true;
        _ = RunHandshakeAsync(expected);
    }

    public void OnStun(ReadOnlySpan<byte> datagram, SocketAddress from, EndpointKey key, TimeSpan now)
    {
        Span<byte> response = stackalloc byte[IceLiteAgent.MaxResponseLength];
        var remote = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from);
        var result = _ice.HandleRequest(datagram, remote, now, response);
        if (result.ResponseLength > 0)
        {
            _server.Send(response[..result.ResponseLength], from);
        }

        switch (result.Outcome)
        {
            case IceCheckOutcome.Answered:
            case IceCheckOutcome.Nominated:
                Verify(key);
                if (result.SelectedChanged || _remote is null)
                {
                    SetRemote(from);
                }

                break;
            case IceCheckOutcome.DroppedBadIntegrity:
                _server.Metrics.Dropped(DropCause.IceAuthentication);
                break;
            case IceCheckOutcome.DroppedMalformed:
            case IceCheckOutcome.BadRequest:
                _server.Metrics.Dropped(DropCause.Malformed);
                break;
            default:
                break;
        }
    }

    public void OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (!_dtls.Enqueue(datagram))
        {
            _server.Metrics.Dropped(DropCause.DtlsQueueFull);
        }
    }

    public IceConsentState CheckConsent(TimeSpan now) => _ice.CheckConsent(now);

    /// <summary>Unprotects SRTP in place; false when it was dropped (counted) or kept until the keys arrive.</summary>
    public bool TryUnprotectRtp(byte[] buffer, int length, TimeSpan now, out int plainLength)
    {
        if (_srtpIn is null)
        {
            KeepUntilKeyed(buffer.AsSpan(0, length), now, rtcp: false);
            plainLength = 0;
            return false;
        }

        return Counted(_srtpIn.UnprotectRtp(buffer, length, out plainLength));
    }

    /// <summary>As <see cref="TryUnprotectRtp"/>, for SRTCP.</summary>
    public bool TryUnprotectRtcp(byte[] buffer, int length, TimeSpan now, out int plainLength)
    {
        if (_srtpIn is null)
        {
            KeepUntilKeyed(buffer.AsSpan(0, length), now, rtcp: true);
            plainLength = 0;
            return false;
        }

        return Counted(_srtpIn.UnprotectRtcp(buffer, length, out plainLength));
    }

    /// <summary>Protects a copy of <paramref name="plain"/> and sends it to the selected address.</summary>
    public bool SendRtp(ReadOnlySpan<byte> plain)
    {
        if (_srtpOut is null || _remote is null)
        {
            return false;
        }

        // Protected straight into the next send slot: one copy per consumer, no more.
        var buffer = _server.RentSendBuffer();
        plain.CopyTo(buffer);
        if (_srtpOut.ProtectRtp(buffer, plain.Length, out var protectedLength) != SrtpStatus.Ok)
        {
            return false;
        }

        _server.CommitSend(protectedLength, _remote);
        return true;
    }

    /// <summary>Protects in place (the buffer has room for the SRTCP trailer) and sends.</summary>
    public void SendRtcp(Span<byte> buffer, int length)
    {
        if (_srtpOut is not null && _remote is not null
            && _srtpOut.ProtectRtcp(buffer, length, out var protectedLength) == SrtpStatus.Ok)
        {
            _server.Send(buffer[..protectedLength], _remote);
        }
    }

    public void ForgetEndpoint(EndpointKey key) => _endpoints.Remove(key);

    public void Close()
    {
        _srtpIn?.Dispose();
        _srtpOut?.Dispose();
        _srtpIn = null;
        _srtpOut = null;
        _early = null;
        _ = DisposeDtlsAsync();
    }

    private static DropCause ToDropCause(SrtpStatus status) => status switch
    {
        SrtpStatus.AuthenticationFailed => DropCause.SrtpAuthentication,
        SrtpStatus.ReplayDetected => DropCause.Replay,
        _ => DropCause.Malformed,
    };

    private bool Counted(SrtpStatus status)
    {
        if (status == SrtpStatus.Ok)
        {
            return true;
        }

        _server.Metrics.Dropped(ToDropCause(status));
        return false;
    }

    private void KeepUntilKeyed(ReadOnlySpan<byte> datagram, TimeSpan now, bool rtcp)
    {
        if (!_handshakeStarted || !(_early ??= new EarlyMediaBuffer()).TryAdd(datagram, now, rtcp))
        {
            _server.Metrics.Dropped(DropCause.NotConnected);
        }
    }

    private void Verify(EndpointKey key)
    {
        if (_endpoints.Contains(key))
        {
            return;
        }

        if (_endpoints.Count >= MaxEndpoints)
        {
            _server.UnregisterEndpoint(_owner, _endpoints[0]);
            _endpoints.RemoveAt(0);
        }

        _endpoints.Add(key);
        _server.RegisterEndpoint(_owner, key);
    }

    private void SetRemote(SocketAddress from)
    {
        // The receive address object is reused for the next datagram: keep a copy.
        var copy = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(copy.Buffer.Span);
        Volatile.Write(ref _remote, copy);
    }

    /// <summary>Called by BouncyCastle's handshake thread: DTLS goes to the address ICE selected.</summary>
    private void SendDtls(ReadOnlyMemory<byte> datagram)
    {
        if (Volatile.Read(ref _remote) is { } remote)
        {
            _server.Send(datagram.Span, remote);
        }
    }

    private async Task RunHandshakeAsync(CertificateFingerprint expected)
    {
        try
        {
            var keys = await _dtls.HandshakeAsync(expected, CancellationToken.None).ConfigureAwait(false);
            _server.Post(() => OnKeys(keys));
        }
        catch (Exception ex)
        {
            _logger.LogInformation("DTLS with peer {PeerId} failed on transport {TransportId}: {Reason}", _owner.PeerId, _owner.Id, ex.Message);
            _server.Post(() => _owner.Router.CloseTransport(_owner, "dtls_failed"));
        }
    }

    private void OnKeys(DtlsSrtpKeys keys)
    {
        if (_owner.Closed)
        {
            return;
        }

        // The browser is the DTLS client: it sends with the client's keys, the server with its own (RFC 5764 §4.2).
        _srtpIn = new SrtpSession(keys.Profile, keys.ClientMasterKey, keys.ClientMasterSalt);
        _srtpOut = new SrtpSession(keys.Profile, keys.ServerMasterKey, keys.ServerMasterSalt);
        _logger.LogInformation("Transport {TransportId} of peer {PeerId} connected ({Profile})", _owner.Id, _owner.PeerId, keys.Profile);
        if (_early is { } early)
        {
            _early = null;
            early.Drain((data, length, arrival, rtcp) =>
            {
                if (rtcp)
                {
                    _owner.OnRtcp(data, length, arrival);
                }
                else
                {
                    _owner.OnRtp(data, length, arrival);
                }
            });
        }

        _owner.OnConnected();
    }

    private async Task DisposeDtlsAsync()
    {
        try
        {
            await _dtls.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "DTLS of transport {TransportId} did not close cleanly", _owner.Id);
        }
    }
}
