using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>What the rooms tell the media layer when a peer is gone for good or a room stops being homed
/// here; the narrow way out of Rooms, so that it does not depend on how media is hosted.</summary>
public interface IRoomMediaCleanup
{
    Task PeerLeftAsync(RoomId room, PeerId peer, CancellationToken cancellationToken);

    Task RoomLostAsync(RoomId room, CancellationToken cancellationToken);
}
