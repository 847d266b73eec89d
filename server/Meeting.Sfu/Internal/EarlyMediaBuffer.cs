namespace Meeting.Sfu.Internal;

/// <summary>
/// SRTP and SRTCP that arrived after ICE but before this side of the DTLS handshake produced keys. A
/// browser starts sending (its first bandwidth probes among them) the moment its own handshake ends,
/// which can be a little before the server's keys are in place; dropping those packets would leave them
/// out of the congestion feedback, and Chromium reads a failed probe as "no more bandwidth". Bounded,
/// allocated only when needed, and dropped once the keys arrive.
/// </summary>
internal sealed class EarlyMediaBuffer
{
    private const int Capacity = 128;
    private const int MaxDatagram = 1500;

    private readonly byte[][] _data = new byte[Capacity][];
    private readonly int[] _lengths = new int[Capacity];
    private readonly TimeSpan[] _arrivals = new TimeSpan[Capacity];
    private readonly bool[] _rtcp = new bool[Capacity];
    private int _count;

    public bool TryAdd(ReadOnlySpan<byte> datagram, TimeSpan arrival, bool rtcp)
    {
        if (_count == Capacity || datagram.Length > MaxDatagram)
        {
            return false;
        }

        var slot = _data[_count] ??= new byte[MaxDatagram];
        datagram.CopyTo(slot);
        _lengths[_count] = datagram.Length;
        _arrivals[_count] = arrival;
        _rtcp[_count] = rtcp;
        _count++;
        return true;
    }

    /// <summary>Hands every buffered datagram, oldest first, to <paramref name="handle"/>.</summary>
    public void Drain(Action<byte[], int, TimeSpan, bool> handle)
    {
        for (var i = 0; i < _count; i++)
        {
            handle(_data[i], _lengths[i], _arrivals[i], _rtcp[i]);
        }

        _count = 0;
    }
}
