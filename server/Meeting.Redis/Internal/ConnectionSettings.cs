namespace Meeting.Redis.Internal;

/// <summary>What one kind of physical connection (to data nodes, or to Sentinels) authenticates and selects with.</summary>
internal sealed record ConnectionSettings(
    string? User,
    string? Password,
    int Database,
    string? ClientName,
    TimeSpan ConnectTimeout,
    TimeSpan CommandTimeout)
{
    public static ConnectionSettings ForData(RedisOptions options) =>
        new(options.User, options.Password, options.Database, options.ClientName, options.ConnectTimeout, options.CommandTimeout);

    // Sentinels have no databases, and their own credentials.
    public static ConnectionSettings ForSentinel(RedisOptions options) =>
        new(options.SentinelUser, options.SentinelPassword, 0, options.ClientName, options.ConnectTimeout, options.CommandTimeout);

    // Keeps passwords out of logs and exception messages.
    public override string ToString() => $"user={User ?? "default"}, db={Database}, name={ClientName}";
}
