using Meeting.Server.Domain;
using Meeting.Server.Hubs;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Meeting.Sfu;

namespace Meeting.Server.Media;

/// <summary>
/// The hub's way to a room's media. A room's media lives at its home (one room, one router): this server
/// serves it when it is the home, and refuses with <c>media_unavailable</c> when another server is (the
/// client then asks again after its next rejoin, when the home has moved or this server took it over).
/// </summary>
internal sealed class RoomMedia : IRoomMediaCleanup
{
    public const string MediaUnavailable = SfuErrorCodes.MediaUnavailable;

    private readonly MediaHost _host;
    private readonly IRoomHomes _homes;
    private readonly ServiceInfo _service;

    public RoomMedia(MediaHost host, IRoomHomes homes, ServiceInfo service)
    {
        _host = host;
        _homes = homes;
        _service = service;
    }

    public async Task<MediaJoinResponse> JoinAsync(RoomId room, PeerId peer, CancellationToken cancellationToken)
    {
        var worker = await HomeWorkerAsync(room, cancellationToken);
        var offer = await Translate(() => worker.CreateTransportAsync(room.Value, peer.Value, cancellationToken));
        var mutes = await worker.GetMutesAsync(room.Value, cancellationToken);
        return new MediaJoinResponse(
            offer.TransportId,
            offer.Sdp,
            offer.Revision,
            mutes.Select(m => new PeerMutedMessage(m.PeerId, KindName(m.Kind), true)).ToArray());
    }

    public async Task AnswerAsync(RoomId room, PeerId peer, string transportId, string sdp, int revision, CancellationToken cancellationToken)
    {
        var worker = await HomeWorkerAsync(room, cancellationToken);
        await Translate(async () =>
        {
            await worker.ApplyAnswerAsync(room.Value, peer.Value, transportId, sdp, revision, cancellationToken);
            return true;
        });
    }

    /// <summary>True when the mute state changed (and the room must be told).</summary>
    public async Task<bool> SetMutedAsync(RoomId room, PeerId peer, MediaKind kind, bool muted, CancellationToken cancellationToken)
    {
        var worker = await HomeWorkerAsync(room, cancellationToken);
        return await worker.SetMutedAsync(room.Value, peer.Value, kind, muted, cancellationToken);
    }

    /// <summary>Closes the peer's media here, if this server hosts it; best effort, used on every way out of a room.</summary>
    public Task PeerLeftAsync(RoomId room, PeerId peer, CancellationToken cancellationToken) =>
        _host.Worker is { } worker ? worker.ClosePeerAsync(room.Value, peer.Value, cancellationToken) : Task.CompletedTask;

    /// <summary>This server is no longer the room's home: its router goes.</summary>
    public Task RoomLostAsync(RoomId room, CancellationToken cancellationToken) =>
        _host.Worker is { } worker ? worker.CloseRouterAsync(room.Value, cancellationToken) : Task.CompletedTask;

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

    private static async Task<T> Translate<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SfuException ex)
        {
            throw new MeetingHubException(ex.Code, ex.Message);
        }
    }

    private async Task<MediaWorker> HomeWorkerAsync(RoomId room, CancellationToken cancellationToken)
    {
        var worker = _host.Worker ?? throw new MeetingHubException(MediaUnavailable, "this server's media port is not bound");
        var home = await _homes.ClaimOrGetAsync(room, cancellationToken);
        if (home.Home.ServerId != _service.ServerId)
        {
            throw new MeetingHubException(MediaUnavailable, $"the room's media is served by its home at {home.Home.Site}");
        }

        return worker;
    }
}
