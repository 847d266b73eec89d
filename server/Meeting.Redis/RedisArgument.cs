using System.Globalization;
using System.Text;

namespace Meeting.Redis;

/// <summary>
/// One argument of a command, sent as a RESP bulk string: text (UTF-8), bytes, or an integer.
/// Converts implicitly from <see cref="string"/>, <see cref="byte"/>[], <see cref="ReadOnlyMemory{T}"/>, <see cref="long"/> and <see cref="int"/>.
/// </summary>
public readonly struct RedisArgument
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;
    private readonly byte _kind; // 0 = text, 1 = bytes, 2 = integer

    private RedisArgument(string? text, ReadOnlyMemory<byte> bytes, long integer, byte kind)
    {
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _kind = kind;
    }

    internal bool IsText => _kind == 0;

    internal bool IsInteger => _kind == 2;

    internal string Text => _text ?? string.Empty;

    internal ReadOnlyMemory<byte> Bytes => _bytes;

    internal long IntegerValue => _integer;

    /// <summary>A UTF-8 text argument.</summary>
    public static RedisArgument FromString(string value) =>
        new(value ?? throw new ArgumentNullException(nameof(value), "Redis has no null arguments."), default, 0, 0);

    /// <summary>A binary argument; the memory is read when the command is written, so it must not change before that.</summary>
    public static RedisArgument FromBytes(ReadOnlyMemory<byte> value) => new(null, value, 0, 1);

    /// <summary>An integer argument, sent as its decimal text.</summary>
    public static RedisArgument FromInt64(long value) => new(null, default, value, 2);

    /// <summary>A text argument.</summary>
    public static implicit operator RedisArgument(string value) => FromString(value);

    /// <summary>A binary argument.</summary>
    public static implicit operator RedisArgument(byte[] value) =>
        FromBytes(value ?? throw new ArgumentNullException(nameof(value), "Redis has no null arguments."));

    /// <summary>A binary argument.</summary>
    public static implicit operator RedisArgument(ReadOnlyMemory<byte> value) => FromBytes(value);

    /// <summary>An integer argument.</summary>
    public static implicit operator RedisArgument(long value) => FromInt64(value);

    /// <summary>An integer argument.</summary>
    public static implicit operator RedisArgument(int value) => FromInt64(value);

    /// <inheritdoc />
    public override string ToString() => _kind switch
    {
        0 => Text,
        1 => Encoding.UTF8.GetString(_bytes.Span),
        _ => _integer.ToString(CultureInfo.InvariantCulture),
    };
}
