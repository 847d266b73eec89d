namespace Meeting.Redis;

/// <summary>
/// No reply came within the command's timeout. The command may still run; its reply, when it comes,
/// is read and dropped so that the connection stays in step.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisTimeoutException(string message)
        : base(message)
    {
    }
}
