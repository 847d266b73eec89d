using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>
/// Runs whenever a peer's place in a room ends (it left, moved to another room, was removed, or its grace ran
/// out): when it hosted the room, the peer present longest hosts it now and the room hears
/// <c>HostChanged</c>; when nobody is left, the room's access is forgotten with it. Best effort, like the
/// roster's own events after the change: the place is gone whatever the store says now.
/// </summary>
internal sealed class RoomHostSuccession
{
    private readonly IRoomAccessStore _access;
    private readonly IRoomNotifier _notifier;
    private readonly ILogger<RoomHostSuccession> _logger;

    public RoomHostSuccession(IRoomAccessStore access, IRoomNotifier notifier, ILogger<RoomHostSuccession> logger)
    {
        _access = access;
        _notifier = notifier;
        _logger = logger;
    }

    public async Task PeerLeftAsync(RoomId room, PeerId peer, CancellationToken cancellationToken = default)
    {
        PeerId? heir;
        try
        {
            heir = await _access.DepartAsync(room, peer, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            _logger.LogWarning(ex, "Could not record that peer {PeerId} left the access of room {Room}", peer, room);
            return;
        }

        if (heir is { } host)
        {
            _logger.LogInformation("Peer {PeerId} hosts room {Room} now: its host {Previous} left", host, room, peer);
            await _notifier.HostChangedAsync(room, host, cancellationToken);
        }
    }
}
