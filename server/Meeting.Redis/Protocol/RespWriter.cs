using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Meeting.Redis.Protocol;

/// <summary>
/// Writes commands the way Redis expects clients to send them: a RESP array of bulk strings,
/// <c>*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n</c>.
/// </summary>
/// <remarks>RESP2, "Sending commands to a Redis server".</remarks>
internal static class RespWriter
{
    // Payloads up to this size go out in one span together with their header.
    private const int SmallPayload = 4096;

    // "$" + 20 digits + CRLF.
    private const int MaxHeaderLength = 1 + 20 + 2;

    /// <summary>Writes <paramref name="command"/> to <paramref name="writer"/>.</summary>
    public static void WriteCommand(IBufferWriter<byte> writer, in RedisCommand command)
    {
        var arguments = command.Arguments;
        WriteHeader(writer, (byte)'*', arguments.Length + 1);
        WriteText(writer, command.Name);
        Span<byte> digits = stackalloc byte[20];
        foreach (ref readonly var argument in arguments)
        {
            if (argument.IsText)
            {
                WriteText(writer, argument.Text);
            }
            else if (argument.IsInteger)
            {
                Utf8Formatter.TryFormat(argument.IntegerValue, digits, out var written);
                WriteBulk(writer, digits[..written]);
            }
            else
            {
                WriteBulk(writer, argument.Bytes.Span);
            }
        }
    }

    private static void WriteText(IBufferWriter<byte> writer, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var span = writer.GetSpan(MaxHeaderLength + length + 2);
        var at = Header(span, (byte)'$', length);
        at += Encoding.UTF8.GetBytes(text, span[at..]);
        "\r\n"u8.CopyTo(span[at..]);
        writer.Advance(at + 2);
    }

    private static void WriteBulk(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        if (payload.Length <= SmallPayload)
        {
            var span = writer.GetSpan(MaxHeaderLength + payload.Length + 2);
            var at = Header(span, (byte)'$', payload.Length);
            payload.CopyTo(span[at..]);
            at += payload.Length;
            "\r\n"u8.CopyTo(span[at..]);
            writer.Advance(at + 2);
            return;
        }

        // Large values are copied in pieces, so that the writer never has to hand out one huge span.
        WriteHeader(writer, (byte)'$', payload.Length);
        while (!payload.IsEmpty)
        {
            var span = writer.GetSpan(Math.Min(payload.Length, 64 * 1024));
            var take = Math.Min(span.Length, payload.Length);
            payload[..take].CopyTo(span);
            writer.Advance(take);
            payload = payload[take..];
        }

        writer.Write("\r\n"u8);
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte prefix, long value)
    {
        var span = writer.GetSpan(MaxHeaderLength);
        writer.Advance(Header(span, prefix, value));
    }

    private static int Header(Span<byte> span, byte prefix, long value)
    {
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        "\r\n"u8.CopyTo(span[(1 + written)..]);
        return 1 + written + 2;
    }
}
