namespace Meeting.Redis;

/// <summary>
/// A command as it goes on the wire: its name and arguments, written as a RESP array of bulk strings.
/// </summary>
public readonly struct RedisCommand
{
    private readonly RedisArgument[]? _arguments;

    /// <summary>Creates a command.</summary>
    /// <param name="name">The command's name, for example <c>GET</c> or <c>CLIENT</c>.</param>
    /// <param name="arguments">Its arguments, subcommands included (<c>SETNAME</c> of <c>CLIENT SETNAME</c>).</param>
    public RedisCommand(string name, params RedisArgument[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _arguments = arguments ?? [];
        Timeout = null;
    }

    private RedisCommand(string name, RedisArgument[] arguments, TimeSpan? timeout)
    {
        Name = name;
        _arguments = arguments;
        Timeout = timeout;
    }

    /// <summary>The command's name.</summary>
    public string Name { get; }

    /// <summary>The arguments after the name.</summary>
    public ReadOnlySpan<RedisArgument> Arguments => _arguments;

    /// <summary>
    /// The time to wait for this command's reply, when it is not the connection's command timeout
    /// (a blocking command such as WAIT needs its own blocking time on top).
    /// </summary>
    public TimeSpan? Timeout { get; }

    /// <summary>A copy of this command with its own reply timeout.</summary>
    public RedisCommand WithTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return new RedisCommand(Name, _arguments ?? [], timeout);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
