using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>
/// Which server is each room's home: a short lease the home keeps renewing, fenced by an epoch. A
/// room's home does not follow its newest joiner: it moves only when the lease lapses (the home
/// died) or the home hands it over while draining.
/// </summary>
public interface IRoomHomes
{
    /// <summary>The room's home, claiming it for this server when it has none.</summary>
    ValueTask<RoomHomeClaim> ClaimOrGetAsync(RoomId room, CancellationToken cancellationToken = default);

    /// <summary>Renews the leases of the rooms homed here; returns the rooms this server no longer homes
    /// (the room emptied, or another server took it over with a newer epoch).</summary>
    ValueTask<IReadOnlyList<RoomId>> RenewAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives up every room homed here, so that the next server to touch each takes it over at once.</summary>
    ValueTask ReleaseAllAsync(CancellationToken cancellationToken = default);

    /// <summary>How often <see cref="RenewAsync"/> must run for the leases to hold: derived from the lease itself.</summary>
    TimeSpan RenewInterval { get; }

    /// <summary>Whether this server is <paramref name="room"/>'s home, as of its last claim or renewal.</summary>
    bool IsHomedHere(RoomId room);

    /// <summary>How many rooms are homed on this server.</summary>
    int HomedHere { get; }
}
