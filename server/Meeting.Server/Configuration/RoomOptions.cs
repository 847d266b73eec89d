using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Configuration;

/// <summary>How rooms behave. Bound from <c>Meeting:Rooms</c>.</summary>
public sealed class RoomOptions
{
    public const string Section = "Meeting:Rooms";

    /// <summary>A mesh of browsers sends every stream to every peer, so the limit stays small until the SFU arrives.</summary>
    [Range(2, 1000)]
    public int MaxPeersPerRoom { get; set; } = 16;

    /// <summary>How long a dropped connection keeps its place in the room before the others see it leave.</summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often peers whose grace has run out are removed.</summary>
    public TimeSpan GraceSweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
