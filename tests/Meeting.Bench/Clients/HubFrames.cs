using System.Buffers;
using System.Text.Json;

namespace Meeting.Bench.Clients;

/// <summary>
/// Client-to-server messages of SignalR's JSON hub protocol, each ending in the record separator.
/// </summary>
/// <remarks>https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md</remarks>
internal static class HubFrames
{
    public const byte RecordSeparator = 0x1e;

    /// <summary>Message type 1: an invocation.</summary>
    public const int InvocationType = 1;

    /// <summary>Message type 3: the completion of an invocation that carried an id.</summary>
    public const int CompletionType = 3;

    /// <summary>Message type 6: a ping.</summary>
    public const int PingType = 6;

    /// <summary>Message type 7: the server closes the connection.</summary>
    public const int CloseType = 7;

    public static ReadOnlyMemory<byte> Handshake { get; } = "{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray();

    public static ReadOnlyMemory<byte> Ping { get; } = "{\"type\":6}\u001e"u8.ToArray();

    /// <summary>An invocation of <paramref name="target"/> with string arguments; with an id the server answers with a completion.</summary>
    public static byte[] Invocation(string? invocationId, string target, params string[] arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("type"u8, InvocationType);
            if (invocationId is not null)
            {
                json.WriteString("invocationId"u8, invocationId);
            }

            json.WriteString("target"u8, target);
            json.WriteStartArray("arguments"u8);
            foreach (var argument in arguments)
            {
                json.WriteStringValue(argument);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.Write([RecordSeparator]);
        return buffer.WrittenSpan.ToArray();
    }
}
