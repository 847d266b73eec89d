namespace Meeting.Redis;

/// <summary>The server refused the credentials (<c>WRONGPASS</c>, <c>NOAUTH</c>, <c>NOPERM</c> during the handshake).</summary>
public sealed class RedisAuthenticationException : RedisConnectionException
{
    /// <summary>Creates the exception.</summary>
    public RedisAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
