using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Rooms;

/// <summary>How much of each room's history is kept for peers catching up. Bound from <c>Meeting:Rooms:EventLog</c>.</summary>
public sealed class RoomEventLogOptions
{
    public const string Section = "Meeting:Rooms:EventLog";

    /// <summary>Events kept per room, and the most one <c>Replay</c> returns. Redis trims approximately
    /// (<c>MAXLEN ~</c>), so it may hold a few more.</summary>
    [Range(1, 100_000)]
    public int Length { get; set; } = 500;

    /// <summary>Single node only: a room's log without a new event for this long is dropped. In Redis the log
    /// expires like the room, <c>Meeting:Redis:RoomTtl</c> after its last event.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);
}
