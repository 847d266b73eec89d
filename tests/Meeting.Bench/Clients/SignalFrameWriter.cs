using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Meeting.Bench.Clients;

/// <summary>
/// Writes <c>Signal(toPeerId, payload)</c> (or the bare hub's <c>Relay(toConnectionId, payload)</c>) invocations to one peer into a buffer it reuses, so a sender
/// allocates nothing per message. The payload looks like a trickled ICE candidate (about 200 bytes)
/// and carries the send time in <see cref="System.Diagnostics.Stopwatch"/> ticks as <c>sentAt</c>.
/// No invocation id is sent: like a browser's <c>connection.send</c>, the server answers nothing.
/// </summary>
internal sealed class SignalFrameWriter
{
    private static readonly byte[] SequenceToSentAt = ",\"sentAt\":"u8.ToArray();

    private static readonly byte[] Tail = Encoding.UTF8.GetBytes(
        ",\"candidate\":\"candidate:842163049 1 udp 1677729535 192.0.2.33 61234 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag Zq3k network-cost 999\","
        + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}]}\u001e");

    private readonly byte[] _buffer;
    private readonly int _prefixLength;
    private readonly int _payloadStart;

    public SignalFrameWriter(string method, string toPeerId)
    {
        var head = Encoding.UTF8.GetBytes("{\"type\":1,\"target\":" + JsonSerializer.Serialize(method) + ",\"arguments\":[" + JsonSerializer.Serialize(toPeerId) + ",");
        var payloadHead = "{\"kind\":\"candidate\",\"seq\":"u8;
        _payloadStart = head.Length;
        _buffer = new byte[head.Length + payloadHead.Length + 20 + SequenceToSentAt.Length + 20 + Tail.Length];
        head.CopyTo(_buffer, 0);
        payloadHead.CopyTo(_buffer.AsSpan(head.Length));
        _prefixLength = head.Length + payloadHead.Length;
    }

    /// <summary>The frame for message <paramref name="sequence"/>; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(long sequence, long sentAt)
    {
        var span = _buffer.AsSpan();
        var at = _prefixLength;
        Utf8Formatter.TryFormat(sequence, span[at..], out var written);
        at += written;
        SequenceToSentAt.CopyTo(span[at..]);
        at += SequenceToSentAt.Length;
        Utf8Formatter.TryFormat(sentAt, span[at..], out written);
        at += written;
        Tail.CopyTo(span[at..]);
        at += Tail.Length;
        return _buffer.AsMemory(0, at);
    }

    /// <summary>The size of the last payload object written, in bytes.</summary>
    public int PayloadLength(ReadOnlyMemory<byte> frame) => frame.Length - _payloadStart - "]}\u001e"u8.Length;
}
