using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.SharedState;

/// <summary>How the servers share sessions, rooms and keys through Redis. Bound from <c>Meeting:Redis</c>,
/// beside the connection settings of <see cref="Meeting.Redis.RedisOptions"/>.</summary>
public sealed class SharedStateOptions
{
    public const string Section = "Meeting:Redis";

    /// <summary>How many times a home renews its lease within one <see cref="HomeLease"/>.</summary>
    public const int RenewalsPerLease = 3;

    /// <summary>Every key and channel starts with this, so several deployments can share one Redis.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,32}$")]
    public string KeyPrefix { get; set; } = "meeting";

    /// <summary>How long a new session waits for the replica to acknowledge it (WAIT 1).</summary>
    public TimeSpan ReplicaAckTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A room nobody touches for this long disappears, even if every server holding it died.</summary>
    public TimeSpan RoomTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a room's home keeps it without renewing; after that the next server to touch the
    /// room takes it over. The home renews at a third of this (<see cref="RenewalsPerLease"/>).</summary>
    public TimeSpan HomeLease { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How long Redis may be unreachable before this server reports itself unready.</summary>
    public TimeSpan UnreadyGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often this server tells the others it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A server silent for this long is dead: its peers start their reconnect grace. One that was only
    /// late sees it from the beat it replaces and puts its live peers back at its next grace sweep.</summary>
    public TimeSpan ServerDeadAfter { get; set; } = TimeSpan.FromSeconds(10);
}
