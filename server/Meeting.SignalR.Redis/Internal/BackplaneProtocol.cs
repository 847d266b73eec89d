using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>
/// The backplane's wire format: small binary messages, version byte first. Common parts:
/// <c>varint</c> is unsigned LEB128 (7 bits a byte, low group first, at most 5 bytes);
/// <c>string</c> is a varint byte count and that many bytes of UTF-8;
/// <c>bytes</c> is a varint byte count and the bytes.
/// A reader refuses a message of another version, kind or with bytes left over, rather than guess.
/// </summary>
internal static class BackplaneProtocol
{
    public const byte Version = 1;

    private const byte InvocationKind = 1;
    private const byte GroupCommandKind = 2;
    private const byte AckKind = 3;

    /// <summary>
    /// An invocation, on the <c>all</c>, <c>connection:</c>, <c>group:</c> and <c>user:</c> channels:
    /// <code>
    /// 0x01 version | 0x01 kind
    /// string  origin server id
    /// varint  n, then n × string: excluded connection ids
    /// varint  m, then m × (string hub protocol name, bytes the invocation as that protocol frames it)
    /// </code>
    /// The frames are exactly what a client of that protocol receives (for JSON, the text and its 0x1E
    /// terminator), so arguments reach remote clients byte for byte as the sender's serializer wrote them.
    /// </summary>
    public static byte[] WriteInvocation(string originServerId, IReadOnlyList<string>? excludedConnectionIds, IReadOnlyList<SerializedMessage> frames)
    {
        var excluded = excludedConnectionIds ?? [];
        var size = 2 + StringSize(originServerId) + VarIntSize(excluded.Count) + VarIntSize(frames.Count);
        foreach (var id in excluded)
        {
            size += StringSize(id);
        }

        foreach (var frame in frames)
        {
            size += StringSize(frame.ProtocolName) + VarIntSize(frame.Serialized.Length) + frame.Serialized.Length;
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        span[1] = InvocationKind;
        span = span[2..];
        WriteString(ref span, originServerId);
        WriteVarInt(ref span, excluded.Count);
        foreach (var id in excluded)
        {
            WriteString(ref span, id);
        }

        WriteVarInt(ref span, frames.Count);
        foreach (var frame in frames)
        {
            WriteString(ref span, frame.ProtocolName);
            WriteVarInt(ref span, frame.Serialized.Length);
            frame.Serialized.Span.CopyTo(span);
            span = span[frame.Serialized.Length..];
        }

        return buffer;
    }

    /// <summary>Reads what <see cref="WriteInvocation"/> wrote; the frames are slices of <paramref name="data"/>.</summary>
    public static bool TryReadInvocation(ReadOnlyMemory<byte> data, [NotNullWhen(true)] out BackplaneInvocation? invocation)
    {
        invocation = null;
        var reader = new BackplaneReader(data);
        if (!TryReadHeader(ref reader, InvocationKind)
            || !reader.TryReadString(out var origin)
            || !reader.TryReadVarInt(out var excludedCount)
            || excludedCount > data.Length)
        {
            return false;
        }

        var excluded = new string[excludedCount];
        for (var i = 0; i < excluded.Length; i++)
        {
            if (!reader.TryReadString(out excluded[i]))
            {
                return false;
            }
        }

        if (!reader.TryReadVarInt(out var frameCount) || frameCount > data.Length)
        {
            return false;
        }

        var frames = new SerializedMessage[frameCount];
        for (var i = 0; i < frames.Length; i++)
        {
            if (!reader.TryReadString(out var protocol) || !reader.TryReadBytes(out var bytes))
            {
                return false;
            }

            frames[i] = new SerializedMessage(protocol, bytes);
        }

        if (!reader.IsAtEnd)
        {
            return false;
        }

        invocation = new BackplaneInvocation(origin, excluded, frames);
        return true;
    }

    /// <summary>
    /// A group change, on <c>internal:groups</c>:
    /// <code>
    /// 0x01 version | 0x02 kind | byte action (1 add, 2 remove)
    /// varint  ack id, unique per origin server while it waits
    /// string  origin server id (the acknowledgement goes to its <c>internal:ack:</c> channel)
    /// string  connection id
    /// string  group name
    /// </code>
    /// </summary>
    public static byte[] WriteGroupCommand(in GroupCommand command)
    {
        var size = 3 + VarIntSize(command.AckId) + StringSize(command.OriginServerId) + StringSize(command.ConnectionId) + StringSize(command.GroupName);
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        span[1] = GroupCommandKind;
        span[2] = (byte)command.Action;
        span = span[3..];
        WriteVarInt(ref span, command.AckId);
        WriteString(ref span, command.OriginServerId);
        WriteString(ref span, command.ConnectionId);
        WriteString(ref span, command.GroupName);
        return buffer;
    }

    public static bool TryReadGroupCommand(ReadOnlyMemory<byte> data, out GroupCommand command)
    {
        command = default;
        var reader = new BackplaneReader(data);
        if (!TryReadHeader(ref reader, GroupCommandKind)
            || !reader.TryReadByte(out var action)
            || action is not ((byte)GroupAction.Add or (byte)GroupAction.Remove)
            || !reader.TryReadVarInt(out var ackId)
            || !reader.TryReadString(out var origin)
            || !reader.TryReadString(out var connectionId)
            || !reader.TryReadString(out var groupName)
            || !reader.IsAtEnd)
        {
            return false;
        }

        command = new GroupCommand((GroupAction)action, ackId, origin, connectionId, groupName);
        return true;
    }

    /// <summary>
    /// An acknowledgement, on <c>internal:ack:{origin server id}</c>:
    /// <code>
    /// 0x01 version | 0x03 kind | varint ack id
    /// </code>
    /// </summary>
    public static byte[] WriteAck(int ackId)
    {
        var buffer = new byte[2 + VarIntSize(ackId)];
        buffer[0] = Version;
        buffer[1] = AckKind;
        var span = buffer.AsSpan(2);
        WriteVarInt(ref span, ackId);
        return buffer;
    }

    public static bool TryReadAck(ReadOnlyMemory<byte> data, out int ackId)
    {
        ackId = 0;
        var reader = new BackplaneReader(data);
        return TryReadHeader(ref reader, AckKind) && reader.TryReadVarInt(out ackId) && reader.IsAtEnd;
    }

    private static bool TryReadHeader(ref BackplaneReader reader, byte kind) =>
        reader.TryReadByte(out var version) && version == Version && reader.TryReadByte(out var actual) && actual == kind;

    private static int VarIntSize(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var size = 1;
        for (var rest = (uint)value >> 7; rest != 0; rest >>= 7)
        {
            size++;
        }

        return size;
    }

    private static int StringSize(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return VarIntSize(length) + length;
    }

    private static void WriteVarInt(ref Span<byte> span, int value)
    {
        var rest = (uint)value;
        var i = 0;
        while (rest >= 0x80)
        {
            span[i++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        span[i++] = (byte)rest;
        span = span[i..];
    }

    private static void WriteString(ref Span<byte> span, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarInt(ref span, length);
        Encoding.UTF8.GetBytes(value, span);
        span = span[length..];
    }
}
