using System.Buffers.Text;
using System.Text.Json;

namespace Meeting.Bench.Clients;

/// <summary>
/// Reads the few fields the bench needs from a server message with a forward-only
/// <see cref="Utf8JsonReader"/>: no document, no strings except an error's text.
/// </summary>
internal static class HubRecordScanner
{
    public static bool TryScan(ReadOnlySpan<byte> json, out HubRecord record)
    {
        record = default;
        var type = -1;
        var isSignal = false;
        var sentAt = -1L;
        var invocationId = -1L;
        string? error = null;
        string? result = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.CurrentDepth == 1)
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        type = reader.GetInt32();
                    }
                    else if (reader.ValueTextEquals("target"u8))
                    {
                        reader.Read();
                        isSignal = reader.ValueTextEquals("Signal"u8);
                    }
                    else if (reader.ValueTextEquals("invocationId"u8))
                    {
                        reader.Read();
                        if (!Utf8Parser.TryParse(reader.ValueSpan, out invocationId, out _))
                        {
                            invocationId = -1;
                        }
                    }
                    else if (reader.ValueTextEquals("error"u8))
                    {
                        reader.Read();
                        error = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("result"u8))
                    {
                        reader.Read();
                        result = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                }
                else if (isSignal && reader.ValueTextEquals("sentAt"u8))
                {
                    reader.Read();
                    sentAt = reader.GetInt64();
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }

        record = new HubRecord(type, isSignal, sentAt, invocationId, error, result);
        return type >= 0;
    }
}
