using System.Buffers.Text;
using System.Text.Json;

namespace Meeting.Backplane.Bench.Clients;

/// <summary>
/// Reads one server-to-client record forward-only, without building a document: the message type, the target,
/// a completion's id and error, a Signal payload's <c>t</c> and a Chat's <c>"bench {site} {sentAt}"</c> text.
/// </summary>
/// <remarks>
/// Depths as <see cref="Utf8JsonReader.CurrentDepth"/> counts them: the message's own properties are at 1, the
/// properties of <c>arguments[0]</c> at 3 (Chat's <c>text</c>) and those of a Signal's payload at 4 (<c>t</c>).
/// </remarks>
internal static class InboundScanner
{
    public static InboundRecord Read(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record);
        var type = 0;
        var target = InboundKind.Other;
        string? invocationId = null;
        string? error = null;
        long sentAt = 0;
        var fromSite = -1;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            switch (reader.CurrentDepth)
            {
                case 1 when reader.ValueTextEquals("type"u8):
                    reader.Read();
                    type = reader.GetInt32();
                    break;
                case 1 when reader.ValueTextEquals("target"u8):
                    reader.Read();
                    target = reader.ValueTextEquals("Signal"u8) ? InboundKind.Signal : reader.ValueTextEquals("Chat"u8) ? InboundKind.Chat : InboundKind.Other;
                    break;
                case 1 when reader.ValueTextEquals("invocationId"u8):
                    reader.Read();
                    invocationId = reader.GetString();
                    break;
                case 1 when reader.ValueTextEquals("error"u8):
                    reader.Read();
                    error = reader.GetString();
                    break;
                case 3 when reader.ValueTextEquals("text"u8):
                    reader.Read();
                    TryReadChatText(reader.ValueSpan, out fromSite, out sentAt);
                    break;
                case 4 when reader.ValueTextEquals("t"u8):
                    reader.Read();
                    reader.TryGetInt64(out sentAt);
                    break;
            }
        }

        var kind = type switch
        {
            1 => target,
            3 => InboundKind.Completion,
            7 => InboundKind.Close,
            _ => InboundKind.Other,
        };
        return new InboundRecord(kind, sentAt, fromSite, invocationId, error);
    }

    /// <summary>"bench 1 123456789" as <see cref="HubFrames.WriteChat"/> writes it (plain ASCII, never escaped).</summary>
    private static bool TryReadChatText(ReadOnlySpan<byte> text, out int site, out long sentAt)
    {
        site = -1;
        sentAt = 0;
        if (!text.StartsWith("bench "u8))
        {
            return false;
        }

        text = text["bench ".Length..];
        if (!Utf8Parser.TryParse(text, out site, out var consumed) || consumed >= text.Length)
        {
            return false;
        }

        return Utf8Parser.TryParse(text[(consumed + 1)..], out sentAt, out _);
    }
}
