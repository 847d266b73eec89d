using System.Buffers;

namespace Meeting.Redis.Internal;

/// <summary>
/// A growable byte buffer that commands are written into, under the connection's lock, until the send loop
/// takes the whole batch. Unlike ArrayBufferWriter it can roll back a half-written command.
/// </summary>
internal sealed class OutboundBuffer : IBufferWriter<byte>
{
    // Beyond this, a buffer that grew for one huge command is dropped after use rather than kept.
    private const int RetainedCapacity = 1024 * 1024;

    private byte[] _buffer;
    private int _count;

    public OutboundBuffer(int initialCapacity = 16 * 1024) => _buffer = new byte[initialCapacity];

    public int Count => _count;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _count);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _count);
        _count += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_count);
    }

    /// <summary>Drops everything written after <paramref name="mark"/> (a former <see cref="Count"/>).</summary>
    public void Truncate(int mark) => _count = mark;

    public void Reset()
    {
        _count = 0;
        if (_buffer.Length > RetainedCapacity)
        {
            _buffer = new byte[16 * 1024];
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _count >= needed)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2, _count + needed);
        Array.Resize(ref _buffer, size);
    }
}
