namespace Meeting.Redis;

/// <summary>The server answered with an error reply (<c>-ERR …</c>, <c>-WRONGTYPE …</c>).</summary>
public class RedisServerException : RedisException
{
    /// <summary>Creates the exception from the error reply's text.</summary>
    public RedisServerException(string message)
        : base(message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? message : message[..space];
    }

    /// <summary>The error's first word, which Redis uses as its code: <c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>, <c>READONLY</c>…</summary>
    public string Prefix { get; }

    /// <summary>Makes the exception that fits an error reply.</summary>
    internal static RedisServerException FromReply(string message) =>
        message.StartsWith("READONLY", StringComparison.Ordinal) ? new RedisReadOnlyException(message) : new RedisServerException(message);
}
