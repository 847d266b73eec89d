using Meeting.Redis.Sentinel;

namespace Meeting.Redis;

/// <summary>A snapshot of the client's state, for /health and /metrics.</summary>
/// <param name="Connected">Whether the data connection is up.</param>
/// <param name="EndPoint">The endpoint of the current (or last) data connection.</param>
/// <param name="Since">When the data connection last went up or down.</param>
/// <param name="LastError">The last connection error, or null.</param>
/// <param name="LastErrorAt">When it happened.</param>
/// <param name="Reconnects">How many times the data connection was lost.</param>
/// <param name="SubscriberConnected">Whether the pub/sub connection is up (false until something subscribes).</param>
/// <param name="Sentinel">The Sentinel side, or null for a direct endpoint.</param>
public sealed record RedisStatus(
    bool Connected,
    RedisEndPoint? EndPoint,
    DateTimeOffset? Since,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long Reconnects,
    bool SubscriberConnected,
    SentinelStatus? Sentinel);
