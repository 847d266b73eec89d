using Meeting.Sfu.Internal;
using Meeting.WebRtc.Dtls;
using Microsoft.Extensions.Logging;

namespace Meeting.Sfu;

/// <summary>
/// One room's media at its home server: a transport per peer, and every producer of one peer consumed
/// by every other. Runs on the media loop; the <see cref="MediaWorker"/> is its thread-safe front.
/// </summary>
public sealed class Router
{
    private readonly Dictionary<string, WebRtcTransport> _transports = new(StringComparer.Ordinal);
    private readonly Dictionary<(string PeerId, MediaKind Kind), bool> _mutes = [];
    private readonly WebRtcServer _server;
    private readonly DtlsCertificate _certificate;
    private readonly Action<MediaEvent> _publish;
    private readonly ILogger _logger;
    private List<WebRtcTransport>? _offersDue;

    internal Router(string room, WebRtcServer server, DtlsCertificate certificate, Action<MediaEvent> publish, ILogger logger)
    {
        Room = room;
        _server = server;
        _certificate = certificate;
        _publish = publish;
        _logger = logger;
    }

    public string Room { get; }

    public bool IsEmpty => _transports.Count == 0;

    internal IEnumerable<WebRtcTransport> Transports => _transports.Values;

    /// <summary>Creates the peer's transport, closing the one it had (a rejoin, or a new page), with a
    /// consumer for every track already in the room.</summary>
    internal TransportOffer CreateTransport(string peerId)
    {
        if (_transports.TryGetValue(peerId, out var previous))
        {
            CloseTransport(previous, "replaced");
        }

        if (_server.TransportCount >= _server.Options.MaxTransports)
        {
            throw new SfuException(SfuErrorCodes.MediaUnavailable, $"this server hosts {_server.Options.MaxTransports} transports already");
        }

        var transport = new WebRtcTransport(_server, this, peerId, _certificate, _logger);
        _transports[peerId] = transport;
        _server.Register(transport);
        foreach (var other in _transports.Values)
        {
            if (other == transport)
            {
                continue;
            }

            foreach (var producer in other.Producers)
            {
                transport.AddConsumer(producer);
            }
        }

        transport.Negotiation.TryBeginOffer(transport.Slots.Select(s => s.Mid).ToArray());
        var sdp = SdpOfferWriter.Write(transport, _server, _certificate);
        _logger.LogInformation("Transport {TransportId} created for peer {PeerId} in room {Room}", transport.Id, peerId, Room);
        return new TransportOffer(transport.Id, sdp, transport.Negotiation.Revision);
    }

    internal void ApplyAnswer(string peerId, string transportId, int revision, RemoteParameters remote)
    {
        var transport = Find(peerId, transportId);
        transport.Negotiation.EnsureCurrent(revision);
        var expected = transport.Negotiation.OfferedMids;
        if (!remote.Mids.SequenceEqual(expected))
        {
            throw new SfuException(SfuErrorCodes.InvalidSdp, $"the answer's m-lines ({string.Join(' ', remote.Mids)}) do not match the offer's ({string.Join(' ', expected)})");
        }

        Batched(() =>
        {
            var again = transport.Negotiation.CompleteAnswer(revision);
            var created = transport.ApplyRemote(remote);
            transport.OnAnswered(expected);
            foreach (var producer in created)
            {
                _logger.LogInformation("Peer {PeerId} publishes {Kind} on SSRC {Ssrc} in room {Room}", peerId, producer.Kind, producer.Ssrc, Room);
                foreach (var other in _transports.Values)
                {
                    if (other != transport)
                    {
                        other.AddConsumer(producer);
                        Renegotiate(other);
                    }
                }
            }

            if (again)
            {
                Renegotiate(transport);
            }
        });
    }

    internal bool SetMuted(string peerId, MediaKind kind, bool muted)
    {
        var changed = IsMuted(peerId, kind) != muted;
        if (muted)
        {
            _mutes[(peerId, kind)] = true;
        }
        else
        {
            _mutes.Remove((peerId, kind));
        }

        if (_transports.TryGetValue(peerId, out var transport))
        {
            foreach (var producer in transport.Producers.Where(p => p.Kind == kind))
            {
                producer.Paused = muted;
                if (!muted)
                {
                    // Consumers resume on a keyframe, not on a stream of undecodable deltas.
                    foreach (var consumer in producer.Consumers)
                    {
                        consumer.Transport.RequestKeyFrame(producer);
                    }
                }
            }
        }

        return changed;
    }

    internal bool IsMuted(string peerId, MediaKind kind) => _mutes.ContainsKey((peerId, kind));

    internal IReadOnlyList<MediaMute> Mutes() => _mutes.Keys.Select(k => new MediaMute(k.PeerId, k.Kind)).ToArray();

    internal void ClosePeer(string peerId)
    {
        if (_transports.TryGetValue(peerId, out var transport))
        {
            CloseTransport(transport, "left");
        }

        _mutes.Remove((peerId, MediaKind.Audio));
        _mutes.Remove((peerId, MediaKind.Video));
    }

    internal void CloseTransport(WebRtcTransport transport, string reason)
    {
        if (transport.Closed)
        {
            return;
        }

        if (_transports.TryGetValue(transport.PeerId, out var current) && current == transport)
        {
            _transports.Remove(transport.PeerId);
        }

        Batched(transport.Close);
        _logger.LogInformation("Transport {TransportId} of peer {PeerId} in room {Room} closed ({Reason})", transport.Id, transport.PeerId, Room, reason);
        if (reason is not ("left" or "replaced"))
        {
            _publish(new MediaTransportClosed(Room, transport.PeerId, transport.Id, reason));
        }
    }

    internal void CloseAll()
    {
        Batched(() =>
        {
            foreach (var transport in _transports.Values.ToArray())
            {
                CloseTransport(transport, "left");
            }
        });

        _mutes.Clear();
    }

    /// <summary>Sends the transport a new offer now, or after the answer it is waiting for.</summary>
    internal void Renegotiate(WebRtcTransport transport)
    {
        if (_offersDue is not null)
        {
            if (!_offersDue.Contains(transport))
            {
                _offersDue.Add(transport);
            }

            return;
        }

        if (transport.Closed || !transport.Negotiation.TryBeginOffer(transport.Slots.Select(s => s.Mid).ToArray()))
        {
            return;
        }

        var sdp = SdpOfferWriter.Write(transport, _server, _certificate);
        _publish(new MediaOfferReady(Room, transport.PeerId, transport.Id, sdp, transport.Negotiation.Revision));
    }

    /// <summary>Runs a change that may add or end several consumers of several transports (a publisher's
    /// answer, a peer leaving), then sends each transport it touched one offer with all of it: one offer per
    /// consumer would make the browser answer offers that are already out of date.</summary>
    private void Batched(Action change)
    {
        if (_offersDue is not null)
        {
            change();
            return;
        }

        _offersDue = [];
        try
        {
            change();
        }
        finally
        {
            var due = _offersDue;
            _offersDue = null;
            foreach (var transport in due)
            {
                Renegotiate(transport);
            }
        }
    }

    private WebRtcTransport Find(string peerId, string transportId)
    {
        if (_transports.TryGetValue(peerId, out var transport) && transport.Id == transportId)
        {
            return transport;
        }

        throw new SfuException(SfuErrorCodes.UnknownTransport, "that transport is not yours or is closed; call MediaJoin again");
    }
}
