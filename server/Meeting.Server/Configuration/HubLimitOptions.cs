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

    /// <summary>Hub connections one session may hold open on one server (tabs of one browser).</summary>
    [Range(1, 10_000)]
    public int ConnectionsPerSession { get; set; } = 4;

    /// <summary>Hub connections one client address may hold open on one server; behind a NAT many users share one.</summary>
    [Range(1, 1_000_000)]
    public int ConnectionsPerAddress { get; set; } = 50;

    /// <summary>The <c>Retry-After</c> a client refused a connection over these limits is given.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConnectionRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection refused more than this many calls (<c>rate_limited</c>) within <see cref="FloodWindow"/>
    /// is not slowing down: the server closes it.</summary>
    [Range(1, 1_000_000)]
    public int FloodRefusals { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FloodWindow { get; set; } = TimeSpan.FromSeconds(10);
}
