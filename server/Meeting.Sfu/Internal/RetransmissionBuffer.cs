namespace Meeting.Sfu.Internal;

/// <summary>
/// The last <c>capacity</c> plain RTP packets of one stream, by sequence number, to answer NACKs (RFC 4585
/// §6.2.1). Slots are allocated once; storing a packet copies it into its slot, so the forwarding path
/// allocates nothing. A slot is only returned for the exact sequence number it holds.
/// </summary>
internal sealed class RetransmissionBuffer
{
    private const int MaxPacket = 1500;

    private readonly byte[][] _slots;
    private readonly int[] _lengths;
    private readonly int[] _sequences;

    public RetransmissionBuffer(int capacity)
    {
        _slots = new byte[capacity][];
        _lengths = new int[capacity];
        _sequences = new int[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new byte[MaxPacket];
            _sequences[i] = -1;
        }
    }

    public void Store(ushort sequence, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > MaxPacket)
        {
            return;
        }

        var index = sequence % _slots.Length;
        packet.CopyTo(_slots[index]);
        _lengths[index] = packet.Length;
        _sequences[index] = sequence;
    }

    public bool TryGet(ushort sequence, out ReadOnlySpan<byte> packet)
    {
        var index = sequence % _slots.Length;
        if (_sequences[index] != sequence)
        {
            packet = default;
            return false;
        }

        packet = _slots[index].AsSpan(0, _lengths[index]);
        return true;
    }
}
