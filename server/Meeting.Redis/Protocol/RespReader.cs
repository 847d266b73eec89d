using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Meeting.Redis.Protocol;

/// <summary>
/// Reads RESP2 replies from received bytes. A reply is first walked without copying or allocating, to learn
/// whether it is complete; only a complete reply is turned into a <see cref="RedisReply"/>. On partial input
/// nothing is consumed and the caller waits for more bytes.
/// </summary>
/// <remarks>RESP2, "Redis serialization protocol specification": simple strings, errors, integers, bulk strings, arrays.</remarks>
internal static class RespReader
{
    /// <summary>Arrays nested deeper than this are refused rather than recursed into.</summary>
    internal const int MaxDepth = 32;

    /// <summary>The longest header or simple-string line accepted; a longer line without CRLF is not RESP from Redis.</summary>
    internal const int MaxLineLength = 64 * 1024;

    /// <summary>Redis' own <c>proto-max-bulk-len</c> default.</summary>
    internal const long MaxBulkLength = 512L * 1024 * 1024;

    /// <summary>An upper bound on array lengths, so that a corrupt header cannot ask for a huge allocation.</summary>
    internal const long MaxArrayLength = 64L * 1024 * 1024;

    private const byte SimpleStringPrefix = (byte)'+';
    private const byte ErrorPrefix = (byte)'-';
    private const byte IntegerPrefix = (byte)':';
    private const byte BulkStringPrefix = (byte)'$';
    private const byte ArrayPrefix = (byte)'*';

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>
    /// Reads one reply if the buffer holds all of it, advancing <paramref name="reader"/> past it;
    /// otherwise returns false and leaves the reader where it was.
    /// </summary>
    /// <exception cref="RedisProtocolException">The bytes are not valid RESP2.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, out RedisReply reply)
    {
        var probe = reader;
        if (!TrySkip(ref probe, 0))
        {
            reply = default;
            return false;
        }

        reply = ReadComplete(ref reader);
        return true;
    }

    /// <summary>Reads one reply from the start of <paramref name="buffer"/>; <paramref name="consumed"/> is where it ends.</summary>
    public static bool TryRead(ReadOnlySequence<byte> buffer, out RedisReply reply, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var done = TryRead(ref reader, out reply);
        consumed = done ? reader.Position : buffer.Start;
        return done;
    }

    // Walks one reply without allocating; false when more bytes are needed.
    private static bool TrySkip(ref SequenceReader<byte> reader, int depth)
    {
        if (!reader.TryRead(out var prefix))
        {
            return false;
        }

        switch (prefix)
        {
            case SimpleStringPrefix:
            case ErrorPrefix:
                return TryReadLine(ref reader, out _);
            case IntegerPrefix:
                if (!TryReadLine(ref reader, out var line))
                {
                    return false;
                }

                _ = ParseInteger(line);
                return true;
            case BulkStringPrefix:
                if (!TryReadLength(ref reader, MaxBulkLength, out var length))
                {
                    return false;
                }

                if (length < 0)
                {
                    return true;
                }

                if (reader.Remaining < length + Crlf.Length)
                {
                    return false;
                }

                reader.Advance(length);
                return reader.IsNext(Crlf, advancePast: true) ? true : throw Malformed("bulk string not followed by CRLF");
            case ArrayPrefix:
                if (!TryReadLength(ref reader, MaxArrayLength, out var count))
                {
                    return false;
                }

                if (count > 0 && depth >= MaxDepth)
                {
                    throw Malformed($"arrays nested deeper than {MaxDepth}");
                }

                for (var i = 0L; i < count; i++)
                {
                    if (!TrySkip(ref reader, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                throw Malformed($"unknown type byte 0x{prefix:X2}");
        }
    }

    // Builds the reply from bytes TrySkip has already found complete and valid.
    private static RedisReply ReadComplete(ref SequenceReader<byte> reader)
    {
        reader.TryRead(out var prefix);
        switch (prefix)
        {
            case SimpleStringPrefix:
                TryReadLine(ref reader, out var simple);
                return RedisReply.SimpleString(DecodeSimple(simple));
            case ErrorPrefix:
                TryReadLine(ref reader, out var error);
                return RedisReply.Error(Encoding.UTF8.GetString(error));
            case IntegerPrefix:
                TryReadLine(ref reader, out var integer);
                return RedisReply.Integer(ParseInteger(integer));
            case BulkStringPrefix:
                TryReadLength(ref reader, MaxBulkLength, out var length);
                if (length < 0)
                {
                    return RedisReply.BulkString((byte[]?)null);
                }

                var bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
                reader.TryCopyTo(bytes);
                reader.Advance(length + Crlf.Length);
                return RedisReply.BulkString(bytes);
            default:
                TryReadLength(ref reader, MaxArrayLength, out var count);
                if (count < 0)
                {
                    return RedisReply.Array(null);
                }

                var items = new RedisReply[count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ReadComplete(ref reader);
                }

                return RedisReply.Array(items);
        }
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (reader.TryReadTo(out line, Crlf, advancePastDelimiter: true))
        {
            return line.Length <= MaxLineLength ? true : throw Malformed("line too long");
        }

        return reader.Remaining <= MaxLineLength ? false : throw Malformed("no CRLF within the longest accepted line");
    }

    // Reads the length of a bulk string or an array: -1 means null, other negatives are invalid.
    private static bool TryReadLength(ref SequenceReader<byte> reader, long max, out long length)
    {
        if (!TryReadLine(ref reader, out var line))
        {
            length = 0;
            return false;
        }

        length = ParseInteger(line);
        if (length < -1 || length > max)
        {
            throw Malformed($"length {length} out of range");
        }

        return true;
    }

    private static long ParseInteger(in ReadOnlySequence<byte> line)
    {
        // 20 bytes hold any signed 64-bit decimal; headers split across segments are copied to the stack.
        if (line.Length is 0 or > 20)
        {
            throw Malformed("integer of bad length");
        }

        Span<byte> scratch = stackalloc byte[20];
        scoped ReadOnlySpan<byte> span;
        if (line.IsSingleSegment)
        {
            span = line.FirstSpan;
        }
        else
        {
            line.CopyTo(scratch);
            span = scratch[..(int)line.Length];
        }

        return Utf8Parser.TryParse(span, out long value, out var consumed) && consumed == span.Length
            ? value
            : throw Malformed($"'{Encoding.ASCII.GetString(span)}' is not an integer");
    }

    // The replies seen on every connection get interned strings, so that +OK allocates nothing.
    private static string DecodeSimple(in ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            var span = line.FirstSpan;
            if (span.SequenceEqual("OK"u8))
            {
                return "OK";
            }

            if (span.SequenceEqual("PONG"u8))
            {
                return "PONG";
            }

            if (span.SequenceEqual("QUEUED"u8))
            {
                return "QUEUED";
            }
        }

        return Encoding.UTF8.GetString(line);
    }

    private static RedisProtocolException Malformed(string what) => new($"Invalid RESP2 from the server: {what}.");
}
