namespace Meeting.Redis;

/// <summary>The base of every exception this client throws.</summary>
public class RedisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
