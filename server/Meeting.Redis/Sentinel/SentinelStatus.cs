namespace Meeting.Redis.Sentinel;

/// <summary>What the Sentinel side of the client knows, for health and metrics.</summary>
/// <param name="MasterName">The monitored master's name.</param>
/// <param name="Master">The last confirmed master, or null before the first resolution.</param>
/// <param name="MasterSince">When that master was first confirmed.</param>
/// <param name="SentinelsConfigured">How many Sentinels are configured.</param>
/// <param name="SentinelsReachable">How many of them currently hold a live +switch-master subscription.</param>
/// <param name="Switches">How many times the confirmed master changed (the first resolution not counted).</param>
/// <param name="LastError">The last failed resolution's reason, or null.</param>
/// <param name="LastErrorAt">When it failed.</param>
public sealed record SentinelStatus(
    string MasterName,
    RedisEndPoint? Master,
    DateTimeOffset? MasterSince,
    int SentinelsConfigured,
    int SentinelsReachable,
    long Switches,
    string? LastError,
    DateTimeOffset? LastErrorAt);
