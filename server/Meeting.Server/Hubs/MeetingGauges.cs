using Meeting.Server.Observability;
using Meeting.Server.Rooms;

namespace Meeting.Server.Hubs;

/// <summary>The gauges' counts, from this server's connections, its homed rooms and the roster's last count.</summary>
internal sealed class MeetingGauges : IMeetingGauges
{
    private readonly LocalConnections _connections;
    private readonly RosterSnapshot _roster;
    private readonly IRoomHomes _homes;

    public MeetingGauges(LocalConnections connections, RosterSnapshot roster, IRoomHomes homes)
    {
        _connections = connections;
        _roster = roster;
        _homes = homes;
    }

    public int Connections => _connections.Count;

    public int RoomsHomedHere => _homes.HomedHere;

    public int Rooms => _roster.Current.Rooms;

    public int Peers => _roster.Current.Peers;
}
