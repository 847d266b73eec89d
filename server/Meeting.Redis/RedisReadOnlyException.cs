namespace Meeting.Redis;

/// <summary>
/// The server is a replica (<c>-READONLY</c>): the master moved. In Sentinel mode the client re-resolves the master;
/// the write was not applied and may be retried by the caller once the client has followed.
/// </summary>
public sealed class RedisReadOnlyException : RedisServerException
{
    /// <summary>Creates the exception from the error reply's text.</summary>
    public RedisReadOnlyException(string message)
        : base(message)
    {
    }
}
