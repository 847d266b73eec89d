namespace Meeting.Redis;

/// <summary>
/// How to reach Redis: either one <see cref="EndPoint"/>, or <see cref="Sentinels"/> plus <see cref="MasterName"/>.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section these options usually bind from.</summary>
    public const string SectionName = "Redis";

    /// <summary>A single server, <c>host:port</c>. Leave empty when using Sentinel.</summary>
    public string? EndPoint { get; set; }

    /// <summary>Sentinel addresses, <c>host:port</c> each. The master is found through them and followed when it moves.</summary>
    public IList<string> Sentinels { get; set; } = new List<string>();

    /// <summary>The master's name as configured in the Sentinels (<c>sentinel monitor NAME …</c>).</summary>
    public string? MasterName { get; set; }

    /// <summary>ACL user for the data nodes; null means the <c>default</c> user (<c>AUTH password</c>).</summary>
    public string? User { get; set; }

    /// <summary>Password for the data nodes (<c>requirepass</c> or the ACL user's), or null for none.</summary>
    public string? Password { get; set; }

    /// <summary>ACL user for the Sentinels, or null.</summary>
    public string? SentinelUser { get; set; }

    /// <summary>Password for the Sentinels (their <c>requirepass</c>), or null for none.</summary>
    public string? SentinelPassword { get; set; }

    /// <summary>The database selected on connect.</summary>
    public int Database { get; set; }

    /// <summary>Sent as <c>CLIENT SETNAME</c> so that <c>CLIENT LIST</c> shows who is connected; null to skip.</summary>
    public string? ClientName { get; set; }

    /// <summary>Bound on one TCP connect plus handshake (AUTH, SELECT, CLIENT SETNAME).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command waits for its reply before it fails with <see cref="RedisTimeoutException"/>.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a command issued while the connection is down waits for it to come back before failing with
    /// <see cref="RedisConnectionException"/>. Such a command has not been sent, so waiting cannot run it twice.
    /// </summary>
    public TimeSpan WaitForConnectionTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The first reconnect delay; it doubles per failed attempt, with jitter, up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap on the reconnect delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many writes made with <see cref="RedisConnection.ExecuteReplicatedAsync"/> and not yet confirmed by a
    /// replica are kept to be written again after a reconnect; past it the oldest is dropped. 0 keeps none.
    /// </summary>
    public int ReplayLimit { get; set; } = 10_000;

    /// <summary>
    /// How long <see cref="RedisClient.PublishAsync"/> holds publishes after the client's subscriber came back on the
    /// data connection's master, so that the other servers' subscribers, which heard of the switch at about the same
    /// time, are back there too.
    /// </summary>
    public TimeSpan PublishSettleDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A copy of these options under another <see cref="ClientName"/>: every other setting, present or
    /// added later, carries over.</summary>
    public RedisOptions WithClientName(string clientName)
    {
        var copy = (RedisOptions)MemberwiseClone();
        copy.Sentinels = new List<string>(Sentinels);
        copy.ClientName = clientName;
        return copy;
    }

    /// <summary>True when the options name Sentinels rather than one endpoint.</summary>
    public bool UsesSentinel => Sentinels.Count > 0;

    /// <summary>Checks the options, naming the first problem.</summary>
    /// <exception cref="ArgumentException">The options cannot work.</exception>
    public void Validate()
    {
        if (UsesSentinel == !string.IsNullOrWhiteSpace(EndPoint))
        {
            throw new ArgumentException("Redis options need either EndPoint or Sentinels (with MasterName), not both and not neither.");
        }

        if (UsesSentinel && string.IsNullOrWhiteSpace(MasterName))
        {
            throw new ArgumentException("Redis options with Sentinels need MasterName.");
        }

        foreach (var address in UsesSentinel ? Sentinels : [EndPoint!])
        {
            if (!RedisEndPoint.TryParse(address, out _))
            {
                throw new ArgumentException($"Redis endpoint '{address}' is not host:port.");
            }
        }

        if (User is not null && Password is null)
        {
            throw new ArgumentException("Redis User needs Password.");
        }

        if (SentinelUser is not null && SentinelPassword is null)
        {
            throw new ArgumentException("Redis SentinelUser needs SentinelPassword.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Database);
        ArgumentOutOfRangeException.ThrowIfNegative(ReplayLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(PublishSettleDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(WaitForConnectionTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectMinDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectMaxDelay, ReconnectMinDelay);
    }
}
