namespace Meeting.Redis;

/// <summary>The RESP2 type of a reply.</summary>
public enum RedisReplyKind
{
    /// <summary>The default value of <see cref="RedisReply"/>: no reply at all.</summary>
    None = 0,

    /// <summary><c>+OK\r\n</c></summary>
    SimpleString,

    /// <summary><c>-ERR message\r\n</c></summary>
    Error,

    /// <summary><c>:42\r\n</c></summary>
    Integer,

    /// <summary><c>$5\r\nhello\r\n</c>, or the null bulk string <c>$-1\r\n</c>.</summary>
    BulkString,

    /// <summary><c>*2\r\n…</c>, or the null array <c>*-1\r\n</c>.</summary>
    Array,
}
