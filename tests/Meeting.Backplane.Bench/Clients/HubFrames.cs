using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Meeting.Backplane.Bench.Clients;

/// <summary>
/// The few frames of SignalR's JSON hub protocol the bench sends, each a JSON record ended by 0x1E. Signals and
/// chats are sent without an invocation id, as a browser's <c>connection.send</c> does: the server sends no completion.
/// </summary>
/// <remarks>Hub protocol: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md</remarks>
internal static class HubFrames
{
    public const byte RecordSeparator = 0x1e;

    /// <summary>The largest frame <see cref="WriteSignal"/> or <see cref="WriteChat"/> writes for a peer id of up to 64 characters.</summary>
    public const int MaxFrameSize = 512;

    /// <summary>The rest of a Signal after its timestamp: an ICE candidate as a browser trickles it (about 220 bytes of payload in all).</summary>
    private static readonly byte[] SignalSuffix =
        ""","kind":"candidate","candidate":"candidate:842163049 1 udp 1677729535 192.0.2.10 50000 typ srflx raddr 10.0.0.2 rport 50000 generation 0 ufrag Qx3b network-cost 999","sdpMid":"0","sdpMLineIndex":0}]}"""u8.ToArray();

    private static readonly byte[] ChatPrefix = """{"type":1,"target":"Chat","arguments":["bench """u8.ToArray();
    private static readonly byte[] ChatSuffix = "\"]}"u8.ToArray();

    public static byte[] Handshake { get; } = Terminate("""{"protocol":"json","version":1}"""u8);

    public static byte[] Ping { get; } = Terminate("""{"type":6}"""u8);

    /// <summary>The part of a Signal to <paramref name="toPeerId"/> before its timestamp, built once per receiver.</summary>
    public static byte[] SignalPrefix(string toPeerId)
    {
        var json = JsonSerializer.Serialize(toPeerId);
        return Encoding.UTF8.GetBytes("""{"type":1,"target":"Signal","arguments":[""" + json + """,{"t":""");
    }

    /// <summary><c>Signal(toPeerId, {"t": sentAt, …candidate})</c>; returns the bytes written.</summary>
    public static int WriteSignal(Span<byte> destination, byte[] prefix, long sentAt)
    {
        prefix.CopyTo(destination);
        var written = prefix.Length;
        if (!Utf8Formatter.TryFormat(sentAt, destination[written..], out var digits))
        {
            throw new ArgumentException("The destination is too small for a Signal frame.", nameof(destination));
        }

        written += digits;
        SignalSuffix.CopyTo(destination[written..]);
        written += SignalSuffix.Length;
        destination[written++] = RecordSeparator;
        return written;
    }

    /// <summary><c>Chat("bench {site} {sentAt}")</c>; returns the bytes written.</summary>
    public static int WriteChat(Span<byte> destination, int site, long sentAt)
    {
        ChatPrefix.CopyTo(destination);
        var written = ChatPrefix.Length;
        Utf8Formatter.TryFormat(site, destination[written..], out var siteDigits);
        written += siteDigits;
        destination[written++] = (byte)' ';
        if (!Utf8Formatter.TryFormat(sentAt, destination[written..], out var digits))
        {
            throw new ArgumentException("The destination is too small for a Chat frame.", nameof(destination));
        }

        written += digits;
        ChatSuffix.CopyTo(destination[written..]);
        written += ChatSuffix.Length;
        destination[written++] = RecordSeparator;
        return written;
    }

    /// <summary>An invocation that expects a completion: <c>{"type":1,"invocationId":…,"target":…,"arguments":[…]}</c>.</summary>
    public static byte[] Invocation(string invocationId, string target, params string[] arguments)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("type", 1);
            writer.WriteString("invocationId", invocationId);
            writer.WriteString("target", target);
            writer.WriteStartArray("arguments");
            foreach (var argument in arguments)
            {
                writer.WriteStringValue(argument);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stream.WriteByte(RecordSeparator);
        return stream.ToArray();
    }

    private static byte[] Terminate(ReadOnlySpan<byte> json)
    {
        var frame = new byte[json.Length + 1];
        json.CopyTo(frame);
        frame[^1] = RecordSeparator;
        return frame;
    }
}
