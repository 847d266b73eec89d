using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>How room chores tell a room's peers what changed, without knowing the hub that carries it.</summary>
public interface IRoomNotifier
{
    /// <summary>Tells the room's peers that <paramref name="peer"/> left; <paramref name="eventId"/> is its entry in the room's log, if logged.</summary>
    Task PeerLeftAsync(RoomId room, PeerId peer, RoomEventId? eventId, CancellationToken cancellationToken = default);

    /// <summary>Tells the room's peers that it lives at <paramref name="home"/> now (its media too).</summary>
    Task HomeChangedAsync(RoomId room, RoomHome home, CancellationToken cancellationToken = default);

    /// <summary>Tells the room's peers that <paramref name="host"/> hosts it now.</summary>
    Task HostChangedAsync(RoomId room, PeerId host, CancellationToken cancellationToken = default);
}
