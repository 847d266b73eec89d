using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Configuration;

/// <summary>What one connection may send. Bound from <c>Meeting:Limits</c>.</summary>
public sealed class HubLimitOptions
{
    public const string Section = "Meeting:Limits";

    [Range(1, 100_000)]
    public int MaxChatLength { get; set; } = 2_000;

    [Range(1, 1_048_576)]
    public int MaxSignalPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Sustained hub calls per second per connection (a token bucket refilled this fast).</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerSecond { get; set; } = 50;

    /// <summary>Calls a connection may make in a burst, such as a flurry of ICE candidates.</summary>
    [Range(1, 1_000_000)]
    public int MessageBurst { get; set; } = 100;
}
