using System.Net;
using System.Net.Sockets;
using Meeting.Sfu.Internal;
using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Rtcp;
using Meeting.WebRtc.Rtp;
using Meeting.WebRtc.Srtp;
using Microsoft.Extensions.Logging;

namespace Meeting.Sfu;

/// <summary>
/// One peer's WebRTC connection to the server: ICE-lite, then DTLS-SRTP, on the shared media port. It
/// owns the peer's <see cref="Producer"/>s (what the browser sends) and <see cref="Consumer"/>s (what it
/// receives). DTLS and SRTP are accepted only from addresses ICE verified: the server only routes a
/// non-STUN datagram here when its source is one of <see cref="Endpoints"/>.
/// Every member runs on the media loop unless it says otherwise.
/// </summary>
public sealed class WebRtcTransport
{
    private const int MaxEndpoints = 8;

    /// <summary>Consumers that start within this of each other share one keyframe request.</summary>
    private static readonly TimeSpan ConsumerStartInterval = TimeSpan.FromMilliseconds(100);

    private readonly WebRtcServer _server;
    private readonly IceLiteAgent _ice;
    private readonly DtlsServerTransport _dtls;
    private readonly List<EndpointKey> _endpoints = [];
    private readonly List<string> _ufrags = [];
    private readonly List<MediaSlot> _slots = [];
    private readonly Dictionary<uint, Producer> _producersBySsrc = [];
    private readonly Dictionary<uint, Consumer> _consumersBySsrc = [];
    // Created with the first producer: its 4,096-slot window is ~94 KiB, and a subscriber-only
    // transport never receives media to give feedback on.
    private TransportFeedbackBuilder? _feedback;
    private readonly List<Producer> _producers = [];
    private readonly ILogger _logger;
    private readonly TimeSpan _createdAt;
    private SocketAddress? _remote;
    private SrtpSession? _srtpIn;
    private SrtpSession? _srtpOut;
    private TimeSpan _nextFeedback;
    private int _nextConsumerMid = 1;
    private bool _handshakeStarted;
    private EarlyMediaBuffer? _early;

    internal WebRtcTransport(WebRtcServer server, Router router, string peerId, DtlsCertificate certificate, ILogger logger)
    {
        _server = server;
        Router = router;
        PeerId = peerId;
        Id = Guid.NewGuid().ToString("N");
        _logger = logger;
        _createdAt = server.Now;
        LocalIce = IceCredentials.Generate();
        _ufrags.Add(LocalIce.UsernameFragment);
        _ice = new IceLiteAgent(LocalIce, new IceLiteOptions { ConsentTimeout = server.Options.ConsentTimeout, MaxVerifiedAddresses = MaxEndpoints });
        _dtls = new DtlsServerTransport(certificate, new DtlsServerOptions { HandshakeTimeout = server.Options.DtlsHandshakeTimeout }, SendDtls);
        _slots.Add(new MediaSlot("a0", MediaKind.Audio, receives: true));
        _slots.Add(new MediaSlot("v0", MediaKind.Video, receives: true));
    }

    public string Id { get; }

    public string PeerId { get; }

    public Router Router { get; }

    public IceCredentials LocalIce { get; }

    public bool Connected => _srtpOut is not null;

    public bool Closed { get; private set; }

    internal string LocalUfrag => LocalIce.UsernameFragment;

    internal IReadOnlyList<string> Ufrags => _ufrags;

    internal IReadOnlyList<EndpointKey> Endpoints => _endpoints;

    internal IReadOnlyList<MediaSlot> Slots => _slots;

    internal IReadOnlyList<Producer> Producers => _producers;

    internal IEnumerable<Consumer> Consumers => _slots.Where(s => s.Consumer is not null).Select(s => s.Consumer!);

    internal TransportNegotiation Negotiation { get; } = new();

    /// <summary>Adds a consumer of <paramref name="producer"/> in a new m-line (or, past a bound, in an
    /// inactive one of the same kind); the caller renegotiates.</summary>
    internal Consumer AddConsumer(Producer producer)
    {
        var slot = _slots.Count >= TransportNegotiation.RecycleAfterSlots
            ? _slots.FirstOrDefault(s => !s.Receives && s.Consumer is null && s.Kind == producer.Kind)
            : null;
        if (slot is null)
        {
            slot = new MediaSlot($"c{_nextConsumerMid++}", producer.Kind, receives: false);
            _slots.Add(slot);
        }

        var consumer = new Consumer(this, producer, slot.Mid);
        slot.Consumer = consumer;
        _consumersBySsrc[producer.Ssrc] = consumer;
        if (producer.RtxSsrc is { } rtx)
        {
            _consumersBySsrc[rtx] = consumer;
        }

        producer.Attach(consumer);
        if (Connected)
        {
            RequestKeyFrame(producer);
        }

        return consumer;
    }

    internal void OnConsumerClosed(Consumer consumer)
    {
        foreach (var slot in _slots)
        {
            if (slot.Consumer == consumer)
            {
                slot.Consumer = null;
            }
        }

        _consumersBySsrc.Remove(consumer.Producer.Ssrc);
        if (consumer.Producer.RtxSsrc is { } rtx)
        {
            _consumersBySsrc.Remove(rtx);
        }

        if (!Closed)
        {
            Router.Renegotiate(this);
        }
    }

    /// <summary>Applies an answer's parameters. The first answer starts DTLS; later ones only confirm the
    /// m-lines. Returns the producers it created.</summary>
    internal IReadOnlyList<Producer> ApplyRemote(RemoteParameters remote)
    {
        if (!_handshakeStarted)
        {
            _handshakeStarted = true;
            StartHandshake(remote.Fingerprint);
        }

        var created = new List<Producer>();
        foreach (var track in remote.Tracks)
        {
            if (_producersBySsrc.ContainsKey(track.Ssrc) || Producers.Any(p => p.Kind == track.Kind))
            {
                continue;
            }

            var producer = new Producer(this, track.Kind, track.Ssrc, track.RtxSsrc, _server.Options.RetransmissionPackets)
            {
                Paused = Router.IsMuted(PeerId, track.Kind),
            };
            _producersBySsrc[track.Ssrc] = producer;
            _producers.Add(producer);
            _feedback ??= new TransportFeedbackBuilder();
            if (track.RtxSsrc is { } rtx)
            {
                _producersBySsrc[rtx] = producer;
            }

            created.Add(producer);
        }

        return created;
    }

    internal void OnStun(ReadOnlySpan<byte> datagram, SocketAddress from, EndpointKey key, TimeSpan now)
    {
        Span<byte> response = stackalloc byte[512];
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

    internal void OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (!_dtls.Enqueue(datagram))
        {
            _server.Metrics.Dropped(DropCause.DtlsQueueFull);
        }
    }

    internal void OnRtp(byte[] buffer, int length, TimeSpan now)
    {
        if (_srtpIn is null)
        {
            KeepUntilKeyed(buffer.AsSpan(0, length), now, rtcp: false);
            return;
        }

        var status = _srtpIn.UnprotectRtp(buffer, length, out var plainLength);
        if (status != SrtpStatus.Ok)
        {
            _server.Metrics.Dropped(ToDropCause(status));
            return;
        }

        var packet = buffer.AsSpan(0, plainLength);
        if (!RtpHeader.TryParse(packet, out var header))
        {
            _server.Metrics.Dropped(DropCause.Malformed);
            return;
        }

        // Every packet counts for congestion control, padding probes on the RTX stream included: they
        // are how Chromium tests whether it may send more.
        if (_feedback is not null && TransportWideSequenceNumberExtension.TryRead(packet, header, RtpCapabilities.TransportWideCcId, out var wideSequence))
        {
            _feedback.OnPacket(wideSequence, now);
        }

        if (!_producersBySsrc.TryGetValue(header.Ssrc, out var producer))
        {
            _server.Metrics.Dropped(DropCause.UnknownSsrc);
            return;
        }

        if (header.Ssrc != producer.Ssrc || producer.Paused)
        {
            // The publisher's own retransmissions and probes: the server never NACKs upstream, so these
            // are padding; consumers get retransmissions from the server's buffer instead.
            return;
        }

        producer.Retransmissions?.Store(header.SequenceNumber, packet);
        var consumers = producer.Consumers;
        for (var i = 0; i < consumers.Count; i++)
        {
            consumers[i].Transport.SendRtp(packet);
        }
    }

    internal void OnRtcp(byte[] buffer, int length, TimeSpan now)
    {
        if (_srtpIn is null)
        {
            KeepUntilKeyed(buffer.AsSpan(0, length), now, rtcp: true);
            return;
        }

        var status = _srtpIn.UnprotectRtcp(buffer, length, out var plainLength);
        if (status != SrtpStatus.Ok)
        {
            _server.Metrics.Dropped(ToDropCause(status));
            return;
        }

        if (!RtcpFeedbackHandler.Handle(this, buffer.AsSpan(0, plainLength), now))
        {
            _server.Metrics.Dropped(DropCause.Malformed);
        }
    }

    internal void OnTick(TimeSpan now)
    {
        if (Closed)
        {
            return;
        }

        var consent = _ice.CheckConsent(now);
        if (consent == IceConsentState.Expired || (!Connected && now - _createdAt > _server.Options.ConnectTimeout))
        {
            _logger.LogInformation("Transport {TransportId} of peer {PeerId} timed out ({Consent}); closing it", Id, PeerId, consent);
            Router.CloseTransport(this, "timeout");
            return;
        }

        if (Connected && now >= _nextFeedback)
        {
            _nextFeedback = now + _server.Options.FeedbackInterval;
            SendFeedback();
        }
    }

    /// <summary>Sends one plain RTP packet of a producer to this consumer's browser.</summary>
    internal void SendRtp(ReadOnlySpan<byte> plain)
    {
        if (_srtpOut is null || _remote is null)
        {
            return;
        }

        var buffer = _server.SendBuffer;
        plain.CopyTo(buffer);
        if (_srtpOut.ProtectRtp(buffer, plain.Length, out var protectedLength) == SrtpStatus.Ok)
        {
            _server.Send(buffer.AsSpan(0, protectedLength), _remote);
            _server.Metrics.Forwarded();
        }
    }

    /// <summary>Protects and sends an RTCP packet built in <paramref name="buffer"/> (which has room for the SRTCP trailer).</summary>
    internal void SendRtcp(Span<byte> buffer, int length)
    {
        if (_srtpOut is null || _remote is null)
        {
            return;
        }

        if (_srtpOut.ProtectRtcp(buffer, length, out var protectedLength) == SrtpStatus.Ok)
        {
            _server.Send(buffer[..protectedLength], _remote);
        }
    }

    internal bool TryFindConsumer(uint ssrc, out Consumer consumer) => _consumersBySsrc.TryGetValue(ssrc, out consumer!);

    internal bool TryFindProducer(uint ssrc, out Producer producer) => _producersBySsrc.TryGetValue(ssrc, out producer!) && producer.Ssrc == ssrc;

    /// <summary>A consumer of <paramref name="producer"/> starts (or its stream resumes): it can decode nothing
    /// before a keyframe. Not held back by the 1 s limit on relayed PLIs: a keyframe sent before this
    /// consumer's transport connected never reached it. Only a burst of starts is folded into one request.</summary>
    internal void RequestKeyFrame(Producer producer) => producer.Transport.SendKeyFrameRequest(producer, _server.Now, ConsumerStartInterval);

    /// <summary>Asks the publisher for a keyframe, at most once per <paramref name="interval"/>.</summary>
    internal void SendKeyFrameRequest(Producer producer, TimeSpan now, TimeSpan interval)
    {
        if (!Connected || !producer.TryBeginKeyFrameRequest(now, interval))
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[64];
        var length = new PictureLossIndication(RtpCapabilities.ServerSsrc, producer.Ssrc).WriteTo(buffer);
        SendRtcp(buffer, length);
        _server.Metrics.KeyFrameRequested();
    }

    internal void Retransmit(Consumer consumer, ushort sequence)
    {
        var producer = consumer.Producer;
        if (producer.Retransmissions is null || !producer.Retransmissions.TryGet(sequence, out var original))
        {
            return;
        }

        if (producer.RtxSsrc is { } rtxSsrc)
        {
            Span<byte> wrapped = stackalloc byte[original.Length + 2];
            var length = Rtx.Wrap(original, wrapped, rtxSsrc, RtpCapabilities.VideoRtxPayloadType, consumer.NextRtxSequence++);
            SendRtp(wrapped[..length]);
        }
        else
        {
            SendRtp(original);
        }

        _server.Metrics.Retransmitted();
    }

    internal SfuMetrics Metrics => _server.Metrics;

    internal TimeSpan KeyFrameRequestInterval => _server.Options.KeyFrameRequestInterval;

    internal void ForgetEndpoint(EndpointKey key) => _endpoints.Remove(key);

    /// <summary>Closes the transport: its producers (and, cascading, their consumers at the other peers),
    /// its own consumers, DTLS; the server stops routing to it.</summary>
    internal void Close()
    {
        if (Closed)
        {
            return;
        }

        Closed = true;
        foreach (var producer in Producers.ToArray())
        {
            producer.Close();
        }

        foreach (var consumer in Consumers.ToArray())
        {
            consumer.Close();
        }

        _producersBySsrc.Clear();
        _producers.Clear();
        _server.Unregister(this);
        _srtpIn?.Dispose();
        _srtpOut?.Dispose();
        _srtpIn = null;
        _srtpOut = null;
        _ = DisposeDtlsAsync();
    }

    private static DropCause ToDropCause(SrtpStatus status) => status switch
    {
        SrtpStatus.AuthenticationFailed => DropCause.SrtpAuthentication,
        SrtpStatus.ReplayDetected => DropCause.Replay,
        _ => DropCause.Malformed,
    };

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
            _server.UnregisterEndpoint(this, _endpoints[0]);
            _endpoints.RemoveAt(0);
        }

        _endpoints.Add(key);
        _server.RegisterEndpoint(this, key);
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

    private void StartHandshake(CertificateFingerprint expected)
    {
        _ = RunHandshakeAsync(expected);
    }

    private async Task RunHandshakeAsync(CertificateFingerprint expected)
    {
        try
        {
            var keys = await _dtls.HandshakeAsync(expected, CancellationToken.None).ConfigureAwait(false);
            _server.Post(() => OnHandshakeComplete(keys));
        }
        catch (Exception ex)
        {
            _logger.LogInformation("DTLS with peer {PeerId} failed on transport {TransportId}: {Reason}", PeerId, Id, ex.Message);
            _server.Post(() => Router.CloseTransport(this, "dtls_failed"));
        }
    }

    private void OnHandshakeComplete(DtlsSrtpKeys keys)
    {
        if (Closed)
        {
            return;
        }

        // The browser is the DTLS client: it sends with the client's keys, the server with its own (RFC 5764 §4.2).
        _srtpIn = new SrtpSession(keys.Profile, keys.ClientMasterKey, keys.ClientMasterSalt);
        _srtpOut = new SrtpSession(keys.Profile, keys.ServerMasterKey, keys.ServerMasterSalt);
        _logger.LogInformation("Transport {TransportId} of peer {PeerId} connected ({Profile})", Id, PeerId, keys.Profile);
        if (_early is { } early)
        {
            _early = null;
            early.Drain((data, length, arrival, rtcp) =>
            {
                if (rtcp)
                {
                    OnRtcp(data, length, arrival);
                }
                else
                {
                    OnRtp(data, length, arrival);
                }
            });
        }
        // Both directions start on a keyframe: what this peer receives, and what it publishes to
        // consumers that were added while its handshake was still running.
        foreach (var consumer in Consumers)
        {
            RequestKeyFrame(consumer.Producer);
        }

        foreach (var producer in _producers)
        {
            if (producer.Consumers.Count > 0)
            {
                SendKeyFrameRequest(producer, _server.Now, ConsumerStartInterval);
            }
        }
    }

    private void SendFeedback()
    {
        if (_producers.Count == 0 || _feedback is null)
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[1400];
        var length = _feedback.BuildFeedback(buffer[..1300], RtpCapabilities.ServerSsrc, _producers[0].Ssrc);
        if (length > 0)
        {
            SendRtcp(buffer, length);
        }
    }

    private async Task DisposeDtlsAsync()
    {
        try
        {
            await _dtls.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "DTLS of transport {TransportId} did not close cleanly", Id);
        }
    }
}
