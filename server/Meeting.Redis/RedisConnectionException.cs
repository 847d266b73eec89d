namespace Meeting.Redis;

/// <summary>
/// There is no usable connection: it could not be made, it was lost with the command in flight
/// (the command may or may not have run; it is never retried silently), or it was closed.
/// </summary>
public class RedisConnectionException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
