using System.Collections.Concurrent;
using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Rooms;

/// <summary>The single-node case: every room's home is this server, for as long as the room has peers.</summary>
internal sealed class LocalRoomHomes : IRoomHomes
{
    private readonly ConcurrentDictionary<RoomId, RoomHome> _homes = new();
    private readonly IRoomRoster _roster;
    private readonly string _serverId;
    private readonly string _site;

    public LocalRoomHomes(IRoomRoster roster, ServiceInfo service, IOptions<SiteOptions> site)
    {
        _roster = roster;
        _serverId = service.ServerId;
        _site = site.Value.Name;
    }

    /// <summary>Nothing lapses on a single node: renewing only forgets the rooms that emptied.</summary>
    public TimeSpan RenewInterval => TimeSpan.FromSeconds(1);

    public int HomedHere => _homes.Count;

    /// <summary>A single node is every room's home.</summary>
    public bool IsHomedHere(RoomId room) => true;

    public ValueTask<RoomHomeClaim> ClaimOrGetAsync(RoomId room, CancellationToken cancellationToken = default)
    {
        var claimed = false;
        var home = _homes.GetOrAdd(room, _ =>
        {
            claimed = true;
            return new RoomHome(_serverId, _site, 1);
        });
        return ValueTask.FromResult(new RoomHomeClaim(home, claimed));
    }

    public async ValueTask<IReadOnlyList<RoomId>> RenewAsync(CancellationToken cancellationToken = default)
    {
        var gone = new List<RoomId>();
        foreach (var room in _homes.Keys)
        {
            if (!await _roster.RoomExistsAsync(room, cancellationToken) && _homes.TryRemove(room, out _))
            {
                gone.Add(room);
            }
        }

        return gone;
    }

    public ValueTask ReleaseAllAsync(CancellationToken cancellationToken = default)
    {
        _homes.Clear();
        return ValueTask.CompletedTask;
    }
}
