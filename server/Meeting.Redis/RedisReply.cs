using System.Globalization;
using System.Text;

namespace Meeting.Redis;

/// <summary>
/// One RESP2 reply, fully owned (it no longer refers to the socket's buffers): a simple string, an error,
/// an integer, a bulk string (possibly null) or an array (possibly null) of nested replies.
/// </summary>
public readonly struct RedisReply
{
    // string for simple strings and errors, byte[] for bulk strings, RedisReply[] for arrays, null for nulls.
    private readonly object? _value;
    private readonly long _integer;

    private RedisReply(RedisReplyKind kind, object? value, long integer)
    {
        Kind = kind;
        _value = value;
        _integer = integer;
    }

    /// <summary>The RESP2 type of this reply.</summary>
    public RedisReplyKind Kind { get; }

    /// <summary>True for the null bulk string (<c>$-1</c>) and the null array (<c>*-1</c>).</summary>
    public bool IsNull => Kind is RedisReplyKind.BulkString or RedisReplyKind.Array && _value is null;

    /// <summary>True for an error reply.</summary>
    public bool IsError => Kind == RedisReplyKind.Error;

    /// <summary>The number of elements of an array reply (0 for a null array).</summary>
    public int Count => Kind == RedisReplyKind.Array ? ((RedisReply[]?)_value)?.Length ?? 0 : throw Mismatch("an array");

    /// <summary>The element at <paramref name="index"/> of an array reply.</summary>
    public RedisReply this[int index] => AsSpan()[index];

    /// <summary>The error message, prefix included (<c>ERR unknown command</c>).</summary>
    public string ErrorMessage => Kind == RedisReplyKind.Error ? (string)_value! : throw Mismatch("an error");

    /// <summary>Creates a simple-string reply.</summary>
    public static RedisReply SimpleString(string value) => new(RedisReplyKind.SimpleString, value ?? throw new ArgumentNullException(nameof(value)), 0);

    /// <summary>Creates an error reply.</summary>
    public static RedisReply Error(string message) => new(RedisReplyKind.Error, message ?? throw new ArgumentNullException(nameof(message)), 0);

    /// <summary>Creates an integer reply.</summary>
    public static RedisReply Integer(long value) => new(RedisReplyKind.Integer, null, value);

    /// <summary>Creates a bulk-string reply; null makes the null bulk string. The array is not copied.</summary>
    public static RedisReply BulkString(byte[]? value) => new(RedisReplyKind.BulkString, value, 0);

    /// <summary>Creates a bulk-string reply from UTF-8 text; null makes the null bulk string.</summary>
    public static RedisReply BulkString(string? value) =>
        new(RedisReplyKind.BulkString, value is null ? null : Encoding.UTF8.GetBytes(value), 0);

    /// <summary>Creates an array reply; null makes the null array. The array is not copied.</summary>
    public static RedisReply Array(RedisReply[]? items) => new(RedisReplyKind.Array, items, 0);

    /// <summary>The reply as text: simple strings and errors as they are, bulk strings decoded as UTF-8, integers formatted; null for nulls.</summary>
    public string? AsString() => Kind switch
    {
        RedisReplyKind.SimpleString or RedisReplyKind.Error => (string)_value!,
        RedisReplyKind.BulkString => _value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null,
        RedisReplyKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => throw Mismatch("a string"),
    };

    /// <summary>The bytes of a bulk string (the reply's own array, not a copy), or of a simple string; null for the null bulk string.</summary>
    public byte[]? AsBytes() => Kind switch
    {
        RedisReplyKind.BulkString => (byte[]?)_value,
        RedisReplyKind.SimpleString => Encoding.UTF8.GetBytes((string)_value!),
        _ => throw Mismatch("a bulk string"),
    };

    /// <summary>An integer reply, or a string reply holding an integer (as HGET returns).</summary>
    public long AsInt64()
    {
        if (Kind == RedisReplyKind.Integer)
        {
            return _integer;
        }

        var text = Kind is RedisReplyKind.BulkString or RedisReplyKind.SimpleString ? AsString() : throw Mismatch("an integer");
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"Expected an integer reply but got '{text}'.");
    }

    /// <summary>The elements of an array reply (empty for the null array).</summary>
    public ReadOnlySpan<RedisReply> AsSpan() =>
        Kind == RedisReplyKind.Array ? (RedisReply[]?)_value : throw Mismatch("an array");

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RedisReplyKind.None => "(none)",
        RedisReplyKind.SimpleString => "+" + (string)_value!,
        RedisReplyKind.Error => "-" + (string)_value!,
        RedisReplyKind.Integer => ":" + _integer.ToString(CultureInfo.InvariantCulture),
        _ when IsNull => "(nil)",
        RedisReplyKind.BulkString => "\"" + AsString() + "\"",
        _ => "[" + string.Join(", ", ((RedisReply[])_value!).Select(static r => r.ToString())) + "]",
    };

    private InvalidOperationException Mismatch(string expected) =>
        Kind == RedisReplyKind.Error
            ? new InvalidOperationException($"Expected {expected} reply but got the error '{_value}'.")
            : new InvalidOperationException($"Expected {expected} reply but got {Kind}.");
}
