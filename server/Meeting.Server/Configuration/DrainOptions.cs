using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Configuration;

/// <summary>How a server leaves on SIGTERM. Bound from <c>Meeting:Drain</c>.</summary>
public sealed class DrainOptions
{
    public const string Section = "Meeting:Drain";

    /// <summary>How long the server reports unready before it sends its clients away, so that the front
    /// door (Caddy checks every second) stops choosing it first.</summary>
    public TimeSpan UnreadyDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long clients get to leave after being told to reconnect, before the process exits anyway.</summary>
    public TimeSpan ClientsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections told to reconnect per second, so that a thousand clients do not land on the
    /// other site in the same instant.</summary>
    [Range(1, 1_000_000)]
    public int ReconnectsPerSecond { get; set; } = 500;
}
