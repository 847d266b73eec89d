using Meeting.Server.Domain;
using Meeting.Server.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.Server.Hubs;

/// <summary>Room notifications as hub messages to the room's group.</summary>
internal sealed class HubRoomNotifier : IRoomNotifier
{
    private readonly IHubContext<MeetingHub, IMeetingClient> _hub;

    public HubRoomNotifier(IHubContext<MeetingHub, IMeetingClient> hub) => _hub = hub;

    public Task PeerLeftAsync(RoomId room, PeerId peer, RoomEventId? eventId, CancellationToken cancellationToken = default)
        => _hub.Clients.Group(RoomGroups.For(room)).PeerLeft(new PeerRef(peer.Value, eventId?.ToString()));

    public Task HomeChangedAsync(RoomId room, RoomHome home, CancellationToken cancellationToken = default)
        => _hub.Clients.Group(RoomGroups.For(room)).RoomHomeChanged(new RoomHomeInfo(home.Site, home.Epoch));

    public Task HostChangedAsync(RoomId room, PeerId host, CancellationToken cancellationToken = default)
        => _hub.Clients.Group(RoomGroups.For(room)).HostChanged(new HostChangedMessage(host.Value));
}
