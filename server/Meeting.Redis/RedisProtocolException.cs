namespace Meeting.Redis;

/// <summary>The bytes from the server are not valid RESP2; the connection is closed because it cannot be trusted any more.</summary>
public sealed class RedisProtocolException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisProtocolException(string message)
        : base(message)
    {
    }
}
