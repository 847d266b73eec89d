using System.Net;
using System.Net.Sockets;
using Meeting.Sfu.Internal;
using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Rtcp;
using Meeting.WebRtc.Rtp;
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
    /// <summary>Consumers that start within this of each other share one keyframe request.</summary>
    private static readonly TimeSpan ConsumerStartInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>For this long after a consumer goes live, its own keyframe requests are relayed at the
    /// start interval, not at <see cref="SfuOptions.KeyFrameRequestInterval"/>: a browser that has not
    /// decoded a first frame yet asks again until it gets one, and making it wait a second for it is
    /// most of the time a failover takes to show video again.</summary>
    private static readonly TimeSpan ConsumerStartWindow = TimeSpan.FromSeconds(3);

    private readonly WebRtcServer _server;
    private readonly TransportConnection _connection;
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
    private TimeSpan _nextFeedback;
    private int _nextConsumerMid = 1;

    internal WebRtcTransport(WebRtcServer server, Router router, string peerId, DtlsCertificate certificate, ILogger logger)
    {
        _server = server;
        Router = router;
        PeerId = peerId;
        Id = Guid.NewGuid().ToString("N");
        _logger = logger;
        _createdAt = server.Now;
        _connection = new TransportConnection(this, server, certificate, logger);
        _ufrags.Add(LocalIce.UsernameFragment);
        _slots.Add(new MediaSlot("a0", MediaKind.Audio, receives: true));
        _slots.Add(new MediaSlot("v0", MediaKind.Video, receives: true));
    }

    public string Id { get; }

    public string PeerId { get; }

    public Router Router { get; }

    public IceCredentials LocalIce => _connection.LocalIce;

    public bool Connected => _connection.Connected;

    public bool Closed { get; private set; }

    internal string LocalUfrag => LocalIce.UsernameFragment;

    internal IReadOnlyList<string> Ufrags => _ufrags;

    internal IReadOnlyList<EndpointKey> Endpoints => _connection.Endpoints;

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

        // No keyframe request yet: the browser learns of this stream only from the next offer, and a
        // keyframe that reaches it before its answer is dropped. OnAnswered asks for it.
        producer.Attach(consumer);
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
        _connection.Start(remote.Fingerprint);

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

    internal void OnStun(ReadOnlySpan<byte> datagram, SocketAddress from, EndpointKey key, TimeSpan now) => _connection.OnStun(datagram, from, key, now);

    internal void OnDtls(ReadOnlySpan<byte> datagram) => _connection.OnDtls(datagram);

    internal void OnRtp(byte[] buffer, int length, TimeSpan now)
    {
        if (!_connection.TryUnprotectRtp(buffer, length, now, out var plainLength))
        {
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
        if (!_connection.TryUnprotectRtcp(buffer, length, now, out var plainLength))
        {
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

        var consent = _connection.CheckConsent(now);
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
        if (_connection.SendRtp(plain))
        {
            _server.Metrics.Forwarded();
        }
    }

    /// <summary>Protects and sends an RTCP packet built in <paramref name="buffer"/> (which has room for the SRTCP trailer).</summary>
    internal void SendRtcp(Span<byte> buffer, int length) => _connection.SendRtcp(buffer, length);

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

    internal void ForgetEndpoint(EndpointKey key) => _connection.ForgetEndpoint(key);

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
        _connection.Close();
    }

    /// <summary>The browser answered an offer holding <paramref name="mids"/>: the consumers in them can
    /// receive from now on, and each starts on a keyframe once its transport is connected.</summary>
    internal void OnAnswered(IReadOnlyList<string> mids)
    {
        var now = _server.Now;
        foreach (var consumer in Consumers)
        {
            if (!consumer.Negotiated && mids.Contains(consumer.Mid))
            {
                consumer.Negotiated = true;
                if (Connected)
                {
                    consumer.LiveSince = now;
                    RequestKeyFrame(consumer.Producer);
                }
            }
        }
    }

    /// <summary>DTLS gave keys: media flows from now on.</summary>
    internal void OnConnected()
    {
        // Both directions start on a keyframe: what this peer receives, and what it publishes to
        // consumers that were negotiated while its handshake was still running. Consumers still waiting
        // for their answer get theirs in OnAnswered.
        var now = _server.Now;
        foreach (var consumer in Consumers)
        {
            if (consumer.Negotiated)
            {
                consumer.LiveSince = now;
                RequestKeyFrame(consumer.Producer);
            }
        }

        foreach (var producer in _producers)
        {
            if (producer.Consumers.Any(c => c.LiveSince is not null))
            {
                SendKeyFrameRequest(producer, now, ConsumerStartInterval);
            }
        }
    }

    /// <summary>How often a keyframe request of this consumer's browser goes on to the publisher.</summary>
    internal TimeSpan KeyFrameRequestIntervalFor(Consumer consumer, TimeSpan now) =>
        consumer.LiveSince is { } live && now - live < ConsumerStartWindow
            ? ConsumerStartInterval
            : _server.Options.KeyFrameRequestInterval;

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
}
