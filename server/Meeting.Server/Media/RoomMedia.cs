using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Meeting.Sfu;

namespace Meeting.Server.Media;

/// <summary>
/// The hub's way to a room's media. A room's media lives at its home (one room, one router): this server
/// serves a call itself when it is the home, and forwards it to the home through <see cref="MediaRelay"/>
/// when another server is (single node, every room is homed here).
/// </summary>
internal sealed class RoomMedia : IRoomMediaCleanup
{
    public const string MediaUnavailable = SfuErrorCodes.MediaUnavailable;

    private readonly MediaHost _host;
    private readonly IRoomHomes _homes;
    private readonly ServiceInfo _service;
    private readonly IServiceProvider _services;
    private readonly ILogger<RoomMedia> _logger;

    public RoomMedia(MediaHost host, IRoomHomes homes, ServiceInfo service, IServiceProvider services, ILogger<RoomMedia> logger)
    {
        _host = host;
        _homes = homes;
        _service = service;
        _services = services;
        _logger = logger;
    }

    public async Task<MediaJoinResponse> JoinAsync(RoomId room, PeerId peer, CancellationToken cancellationToken)
    {
        if (await RemoteHomeAsync(room, cancellationToken) is { } home)
        {
            var reply = await Relay().CallAsync(home, new MediaRelayRequest(string.Empty, string.Empty, MediaRelayRequest.Join, room.Value, peer.Value), cancellationToken);
            var join = reply.Join ?? throw new SfuException(MediaUnavailable, "the room's home sent no transport");
            return new MediaJoinResponse(join.TransportId, join.Sdp, join.Revision, join.Mutes);
        }

        return await JoinHereAsync(room, peer, cancellationToken);
    }

    public async Task AnswerAsync(RoomId room, PeerId peer, string transportId, string sdp, int revision, CancellationToken cancellationToken)
    {
        if (await RemoteHomeAsync(room, cancellationToken) is { } home)
        {
            await Relay().CallAsync(home, new MediaRelayRequest(string.Empty, string.Empty, MediaRelayRequest.Answer, room.Value, peer.Value, transportId, sdp, revision), cancellationToken);
            return;
        }

        await AnswerHereAsync(room, peer, transportId, sdp, revision, cancellationToken);
    }

    public async Task SetMutedAsync(RoomId room, PeerId peer, MediaKind kind, bool muted, CancellationToken cancellationToken)
    {
        if (await RemoteHomeAsync(room, cancellationToken) is { } home)
        {
            await Relay().CallAsync(home, new MediaRelayRequest(string.Empty, string.Empty, MediaRelayRequest.Mute, room.Value, peer.Value, Kind: KindName(kind), Muted: muted), cancellationToken);
            return;
        }

        await SetMutedHereAsync(room, peer, kind, muted, cancellationToken);
    }

    /// <summary>The peer is gone from the room: its media goes, wherever the room's home is. Best effort:
    /// a home that cannot be told closes the transport itself when ICE consent runs out.</summary>
    public async Task PeerLeftAsync(RoomId room, PeerId peer, CancellationToken cancellationToken)
    {
        await LeaveHereAsync(room, peer, cancellationToken);
        try
        {
            if (await RemoteHomeAsync(room, cancellationToken) is { } home)
            {
                await Relay().CallAsync(home, new MediaRelayRequest(string.Empty, string.Empty, MediaRelayRequest.Leave, room.Value, peer.Value), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SfuException or StoreUnavailableException or OperationCanceledException)
        {
            _logger.LogDebug("Could not tell the home of room {Room} that peer {PeerId} left: {Reason}", room, peer, ex.Message);
        }
    }

    /// <summary>This server is no longer the room's home: its router goes.</summary>
    public Task RoomLostAsync(RoomId room, CancellationToken cancellationToken) =>
        _host.Worker is { } worker ? worker.CloseRouterAsync(room.Value, cancellationToken) : Task.CompletedTask;

    internal async Task<MediaJoinResponse> JoinHereAsync(RoomId room, PeerId peer, CancellationToken cancellationToken)
    {
        var worker = await HomeWorkerAsync(room, cancellationToken);
        var offer = await worker.CreateTransportAsync(room.Value, peer.Value, cancellationToken);
        var mutes = await worker.GetMutesAsync(room.Value, cancellationToken);
        return new MediaJoinResponse(
            offer.TransportId,
            offer.Sdp,
            offer.Revision,
            mutes.Select(m => new PeerMutedMessage(m.PeerId, KindName(m.Kind), true)).ToArray());
    }

    internal async Task AnswerHereAsync(RoomId room, PeerId peer, string transportId, string sdp, int revision, CancellationToken cancellationToken)
    {
        var worker = await HomeWorkerAsync(room, cancellationToken);
        await worker.ApplyAnswerAsync(room.Value, peer.Value, transportId, sdp, revision, cancellationToken);
    }

    internal async Task SetMutedHereAsync(RoomId room, PeerId peer, MediaKind kind, bool muted, CancellationToken cancellationToken)
    {
        var worker = await HomeWorkerAsync(room, cancellationToken);
        await worker.SetMutedAsync(room.Value, peer.Value, kind, muted, cancellationToken);
    }

    internal Task LeaveHereAsync(RoomId room, PeerId peer, CancellationToken cancellationToken) =>
        _host.Worker is { } worker ? worker.ClosePeerAsync(room.Value, peer.Value, cancellationToken) : Task.CompletedTask;

    public static string KindName(MediaKind kind) => kind == MediaKind.Audio ? "audio" : "video";

    public static bool TryParseKind(string? text, out MediaKind kind)
    {
        switch (text)
        {
            case "audio":
                kind = MediaKind.Audio;
                return true;
            case "video":
                kind = MediaKind.Video;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    private MediaRelay Relay() =>
        _services.GetService<MediaRelay>() ?? throw new SfuException(MediaUnavailable, "the room's media is served by another server");

    /// <summary>The home's server id when it is another server; null when this server is (or just became) the home.</summary>
    private async Task<string?> RemoteHomeAsync(RoomId room, CancellationToken cancellationToken)
    {
        var home = await _homes.ClaimOrGetAsync(room, cancellationToken);
        return home.Home.ServerId == _service.ServerId ? null : home.Home.ServerId;
    }

    private async Task<MediaWorker> HomeWorkerAsync(RoomId room, CancellationToken cancellationToken)
    {
        var worker = _host.Worker ?? throw new SfuException(MediaUnavailable, "this server's media port is not bound");
        if (await RemoteHomeAsync(room, cancellationToken) is not null)
        {
            // A relayed call that reached a server which is no longer the home: the caller asks again.
            throw new SfuException(MediaUnavailable, "the room's home moved; call MediaJoin again");
        }

        return worker;
    }
}
