namespace Meeting.Redis.Internal;

/// <summary>A snapshot of one supervised connection, for <see cref="RedisStatus"/>.</summary>
internal sealed record ConnectionStatus(
    bool Connected,
    RedisEndPoint? EndPoint,
    DateTimeOffset? Since,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long Reconnects);
