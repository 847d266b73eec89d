namespace Meeting.SignalR.Redis;

/// <summary>Settings of the Redis backplane, bound by <see cref="RedisBackplaneExtensions.AddRedisBackplane(Microsoft.AspNetCore.SignalR.ISignalRServerBuilder, Action{RedisBackplaneOptions}?)"/>.</summary>
public sealed class RedisBackplaneOptions
{
    /// <summary>The configuration section these options usually bind from.</summary>
    public const string SectionName = "Meeting:Backplane";

    /// <summary>
    /// The first part of every channel name, so that several deployments (or test runs) can share one Redis
    /// without hearing each other.
    /// </summary>
    public string ChannelPrefix { get; set; } = "meeting";

    /// <summary>
    /// How long a group change for a connection held by another server waits for that server's acknowledgement
    /// before it fails with <see cref="BackplaneTimeoutException"/>.
    /// </summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// This server's name on the backplane; it must differ between all servers sharing the Redis, since a server
    /// ignores the messages that carry its own name. Null (the default) makes a fresh one per process from the
    /// machine name and a random suffix.
    /// </summary>
    public string? ServerId { get; set; }

    /// <summary>Checks the options, naming the first problem.</summary>
    /// <exception cref="ArgumentException">The options cannot work.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ChannelPrefix))
        {
            throw new ArgumentException("The backplane's ChannelPrefix must not be empty.");
        }

        if (ServerId is not null && string.IsNullOrWhiteSpace(ServerId))
        {
            throw new ArgumentException("The backplane's ServerId must be null (generated) or a non-empty name.");
        }

        if (AckTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The backplane's AckTimeout must be positive.");
        }
    }
}
