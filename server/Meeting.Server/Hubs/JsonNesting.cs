using System.Buffers;
using System.Text.Json;

namespace Meeting.Server.Hubs;

/// <summary>How deeply a hub protocol record nests, and which invocation it is, read without binding it.</summary>
internal static class JsonNesting
{
    // Deep enough for any frame the size limit lets through; the reader allocates for depth only as it meets it.
    private static readonly JsonReaderOptions Unbounded = new() { MaxDepth = int.MaxValue };

    /// <summary>True when <paramref name="record"/> is well-formed JSON nesting more than
    /// <paramref name="maxNesting"/> objects and arrays (the outermost object counts one).</summary>
    public static bool Exceeds(ReadOnlySequence<byte> record, int maxNesting)
    {
        // Nothing can nest deeper than it has brackets (those inside strings only make the count higher):
        // every call pays this vectorised count, only a record with that many brackets pays the parse.
        if (CountOpeners(record) <= maxNesting)
        {
            return false;
        }

        var reader = new Utf8JsonReader(record, Unbounded);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= maxNesting)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: the protocol's own parser refuses it as it always has.
        }

        return false;
    }

    private static long CountOpeners(ReadOnlySequence<byte> record)
    {
        long count = 0;
        foreach (var segment in record)
        {
            count += segment.Span.Count((byte)'{') + segment.Span.Count((byte)'[');
        }

        return count;
    }

    /// <summary>The top-level <c>type</c>, <c>invocationId</c> and <c>target</c> of a record, when it has them.</summary>
    public static bool TryReadInvocation(ReadOnlySequence<byte> record, out int type, out string? invocationId, out string? target)
    {
        type = 0;
        invocationId = null;
        target = null;
        var reader = new Utf8JsonReader(record, Unbounded);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "type" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value):
                        type = value;
                        break;
                    case "invocationId" when reader.TokenType == JsonTokenType.String:
                        invocationId = reader.GetString();
                        break;
                    case "target" when reader.TokenType == JsonTokenType.String:
                        target = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return type != 0;
    }
}
