using System.Net;
using System.Threading.Channels;
using Meeting.Sfu.Internal;
using Meeting.WebRtc.Dtls;
using Microsoft.Extensions.Logging;

namespace Meeting.Sfu;

/// <summary>
/// The SFU of one server, and its thread-safe front (mediasoup's Worker): routers by room, on one
/// <see cref="WebRtcServer"/>. Every call parses and validates on the caller's thread, then runs on the
/// media loop; what the SFU has to tell peers comes out of <see cref="Events"/>.
/// </summary>
public sealed class MediaWorker : IDisposable
{
    private readonly Dictionary<string, Router> _routers = new(StringComparer.Ordinal);
    private readonly Channel<MediaEvent> _events = Channel.CreateUnbounded<MediaEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WebRtcServer _server;
    private readonly DtlsCertificate _certificate;
    private readonly ILogger _logger;
    private MediaCensus _census = new(0, 0, 0);

    private MediaWorker(WebRtcServer server, DtlsCertificate certificate, ILogger logger)
    {
        _server = server;
        _certificate = certificate;
        _logger = logger;
        server.Metrics.ObserveCensus(() => Volatile.Read(ref _census));
    }

    public IPEndPoint LocalEndPoint => _server.LocalEndPoint;

    public IPAddress AnnouncedAddress => _server.AnnouncedAddress;

    /// <summary>The certificate's fingerprint, as every offer carries it.</summary>
    public string Fingerprint => _certificate.Fingerprint.ToSdpValue();

    public ChannelReader<MediaEvent> Events => _events.Reader;

    public SfuMetrics Metrics => _server.Metrics;

    /// <summary>Bytes the media loop thread has allocated so far (see <see cref="WebRtcServer.LoopAllocatedBytes"/>).</summary>
    internal long LoopAllocatedBytes => _server.LoopAllocatedBytes;

    /// <summary>See <see cref="WebRtcServer.LargestSend"/>.</summary>
    internal int LargestSend => _server.LargestSend;

    public MediaCensus Census => Volatile.Read(ref _census);

    /// <summary>Binds the media port and starts the loop. Throws <see cref="System.Net.Sockets.SocketException"/> when the port is taken.</summary>
    public static MediaWorker Start(SfuOptions options, SfuMetrics metrics, TimeProvider time, ILogger logger)
    {
        var certificate = DtlsCertificate.Generate(time.GetUtcNow());
        var server = WebRtcServer.Start(options, metrics, time, logger);
        return new MediaWorker(server, certificate, logger);
    }

    /// <summary>Creates (or re-creates) the peer's transport in the room's router.</summary>
    public Task<TransportOffer> CreateTransportAsync(string room, string peerId, CancellationToken cancellationToken = default) =>
        _server.InvokeAsync(() =>
        {
            if (!_routers.TryGetValue(room, out var router))
            {
                router = new Router(room, _server, _certificate, Publish, _logger);
                _routers[room] = router;
            }

            var offer = router.CreateTransport(peerId);
            UpdateCensus();
            return offer;
        }).WaitAsync(cancellationToken);

    /// <summary>Applies the browser's answer to offer <paramref name="revision"/>. Throws <see cref="SfuException"/>
    /// (nothing changed) for SDP that does not parse or does not answer that offer.</summary>
    public Task ApplyAnswerAsync(string room, string peerId, string transportId, string sdp, int revision, CancellationToken cancellationToken = default)
    {
        var remote = SdpAnswerReader.Read(sdp);
        return _server.InvokeAsync(() =>
        {
            Find(room).ApplyAnswer(peerId, transportId, revision, remote);
            UpdateCensus();
            return true;
        }).WaitAsync(cancellationToken);
    }

    /// <summary>Pauses (or resumes) the peer's producer of that kind; remembered for a transport still to come.
    /// Returns whether the state changed.</summary>
    public Task<bool> SetMutedAsync(string room, string peerId, MediaKind kind, bool muted, CancellationToken cancellationToken = default) =>
        _server.InvokeAsync(() => _routers.TryGetValue(room, out var router) && router.SetMuted(peerId, kind, muted)).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<MediaMute>> GetMutesAsync(string room, CancellationToken cancellationToken = default) =>
        _server.InvokeAsync(() => _routers.TryGetValue(room, out var router) ? router.Mutes() : (IReadOnlyList<MediaMute>)[]).WaitAsync(cancellationToken);

    /// <summary>Closes the peer's transport (it left the room); the others' consumers of it go with it.</summary>
    public Task ClosePeerAsync(string room, string peerId, CancellationToken cancellationToken = default) =>
        _server.InvokeAsync(() =>
        {
            if (_routers.TryGetValue(room, out var router))
            {
                router.ClosePeer(peerId);
                DropIfEmpty(router);
            }

            UpdateCensus();
            return true;
        }).WaitAsync(cancellationToken);

    /// <summary>Closes the room's router: this server is no longer the room's home.</summary>
    public Task CloseRouterAsync(string room, CancellationToken cancellationToken = default) =>
        _server.InvokeAsync(() =>
        {
            if (_routers.Remove(room, out var router))
            {
                router.CloseAll();
            }

            UpdateCensus();
            return true;
        }).WaitAsync(cancellationToken);

    /// <summary>Runs <paramref name="command"/> on the media loop (tests: to hold the loop while datagrams queue).</summary>
    internal Task<T> RunOnLoopAsync<T>(Func<T> command) => _server.InvokeAsync(command);

    public void Dispose()
    {
        _server.Dispose();
        _events.Writer.TryComplete();
    }

    private Router Find(string room) =>
        _routers.TryGetValue(room, out var router)
            ? router
            : throw new SfuException(SfuErrorCodes.UnknownTransport, "no media for this room here; call MediaJoin again");

    private void Publish(MediaEvent mediaEvent)
    {
        if (mediaEvent is MediaTransportClosed closed)
        {
            // The loop closed it on its own (consent lost, DTLS failed, connect timeout): no command follows to
            // drop an emptied router or recount the census, so do it here (this runs on the loop too).
            if (_routers.TryGetValue(closed.Room, out var router))
            {
                DropIfEmpty(router);
            }

            UpdateCensus();
        }

        _events.Writer.TryWrite(mediaEvent);
    }

    private void DropIfEmpty(Router router)
    {
        if (router.IsEmpty)
        {
            _routers.Remove(router.Room);
        }
    }

    private void UpdateCensus()
    {
        var transports = 0;
        var producers = 0;
        var consumers = 0;
        foreach (var router in _routers.Values)
        {
            foreach (var transport in router.Transports)
            {
                transports++;
                producers += transport.Producers.Count;
                consumers += transport.Consumers.Count();
            }
        }

        Volatile.Write(ref _census, new MediaCensus(transports, producers, consumers));
    }
}
