using Meeting.Server.Domain;
using Meeting.Server.Rooms;

namespace Meeting.Server.Hubs;

/// <summary>The members of rooms among this server's open hub connections.</summary>
internal sealed class LiveRoomMembers : ILiveRoomMembers
{
    private readonly LocalConnections _connections;

    public LiveRoomMembers(LocalConnections connections) => _connections = connections;

    public IReadOnlyList<(RoomId Room, RoomMember Member)> Snapshot()
    {
        var live = new List<(RoomId, RoomMember)>();
        foreach (var connection in _connections.Snapshot())
        {
            if (connection.Membership is { } membership)
            {
                live.Add((membership.Room, new RoomMember(connection.PeerId, membership.DisplayName, connection.ConnectionId, null)));
            }
        }

        return live;
    }
}
