using System.Text;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>Reads the primitives of <see cref="BackplaneProtocol"/> from a message; every read fails softly on short or bad input.</summary>
internal struct BackplaneReader(ReadOnlyMemory<byte> data)
{
    // Throws on invalid UTF-8 rather than inventing replacement characters inside a connection id.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlyMemory<byte> _data = data;
    private int _position;

    public readonly bool IsAtEnd => _position == _data.Length;

    public bool TryReadByte(out byte value)
    {
        if (_position >= _data.Length)
        {
            value = 0;
            return false;
        }

        value = _data.Span[_position++];
        return true;
    }

    /// <summary>An unsigned LEB128 number of at most 31 bits (5 bytes).</summary>
    public bool TryReadVarInt(out int value)
    {
        value = 0;
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (!TryReadByte(out var b))
            {
                return false;
            }

            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (result > int.MaxValue)
                {
                    return false;
                }

                value = (int)result;
                return true;
            }
        }

        return false;
    }

    public bool TryReadBytes(out ReadOnlyMemory<byte> value)
    {
        value = default;
        if (!TryReadVarInt(out var length) || length > _data.Length - _position)
        {
            return false;
        }

        value = _data.Slice(_position, length);
        _position += length;
        return true;
    }

    public bool TryReadString(out string value)
    {
        value = string.Empty;
        if (!TryReadBytes(out var bytes))
        {
            return false;
        }

        try
        {
            value = Utf8.GetString(bytes.Span);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
