using System.Numerics;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Receive side of transport-wide congestion control: records the arrival of every packet
/// by its transport-wide sequence number and turns what has not been reported yet into feedback
/// packets. Memory is a ring of <see cref="Capacity"/> sequence numbers allocated once; packets
/// older than the ring, or older than feedback already sent, are dropped.</summary>
/// <remarks>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1. Not thread-safe: one per
/// transport, driven from its receive loop.</remarks>
public sealed class TransportFeedbackBuilder
{
    public const int DefaultCapacity = 4096;

    private const long Empty = long.MinValue;

    private readonly long[] _slotSequence;
    private readonly long[] _arrival;
    private readonly byte[] _symbols;
    private readonly int[] _deltas;
    private readonly ushort[] _chunks;
    private readonly int _mask;

    private bool _any;
    private long _start;
    private long _highest;
    private long _reportedEnd = long.MinValue;
    private byte _feedbackPacketCount;

    /// <param name="capacity">Sequence numbers kept, a power of two from 16 to 32768 (the half of
    /// the sequence space that unwrapping can tell apart).</param>
    public TransportFeedbackBuilder(int capacity = DefaultCapacity)
    {
        if (capacity is < 16 or > 32768 || !BitOperations.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A power of two from 16 to 32768.");
        }

        _slotSequence = new long[capacity];
        Array.Fill(_slotSequence, Empty);
        _arrival = new long[capacity];
        _symbols = new byte[capacity];
        _deltas = new int[capacity];
        _chunks = new ushort[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _slotSequence.Length;

    /// <summary>True when a packet has arrived that no feedback has covered yet.</summary>
    public bool HasPending => _any && _start <= _highest;

    /// <summary>The smallest buffer <see cref="BuildFeedback"/> accepts: the fixed part, one chunk and one delta.</summary>
    public const int MinimumFeedbackSize = 24;

    /// <summary>Records one received packet.</summary>
    /// <param name="arrival">Arrival time on any monotonic clock the caller keeps.</param>
    public void OnPacket(ushort sequence, TimeSpan arrival)
    {
        var time = FloorDiv(arrival.Ticks, TransportFeedbackEntry.TicksPerDeltaUnit);
        if (!_any)
        {
            _any = true;
            _start = _highest = sequence;
            Store(sequence, time);
            return;
        }

        var unwrapped = _highest + (short)(ushort)(sequence - (ushort)_highest);
        if (unwrapped < _reportedEnd)
        {
            return;
        }

        if (unwrapped > _highest)
        {
            _highest = unwrapped;
            Store(unwrapped, time);
            if (_highest - _start >= Capacity)
            {
                // The ring is full: forget the oldest, and start at a packet that did arrive rather
                // than at a run of losses nobody will ever be told about in time.
                _start = _highest - Capacity + 1;
                while (_start < _highest && !IsStored(_start))
                {
                    _start++;
                }
            }

            return;
        }

        if (unwrapped < _start)
        {
            if (_highest - unwrapped >= Capacity)
            {
                return;
            }

            // Reordered ahead of the window but after the last feedback: widen the window. Slots in
            // between hold either their own sequence or a stale one that IsStored tells apart.
            _start = unwrapped;
        }

        Store(unwrapped, time);
    }

    /// <summary>Writes one feedback packet for the packets not reported yet and marks them reported.
    /// Call again while <see cref="HasPending"/>: one packet ends early when a delta does not fit in
    /// 16 bits or <paramref name="destination"/> is full.</summary>
    /// <returns>The packet's length, or 0 when nothing is pending.</returns>
    public int BuildFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        if (!HasPending)
        {
            return 0;
        }

        if (destination.Length < MinimumFeedbackSize)
        {
            throw new ArgumentException($"A feedback packet needs at least {MinimumFeedbackSize} bytes.", nameof(destination));
        }

        var first = _start;
        while (!IsStored(first))
        {
            first++;
        }

        var referenceUnits = FloorDiv(_arrival[first & _mask], 256); // 64 ms = 256 × 250 µs
        var previous = referenceUnits * 256;
        var statuses = 0;
        var received = 0;
        for (var s = _start; s <= _highest && statuses < Capacity; s++)
        {
            if (!IsStored(s))
            {
                _symbols[statuses++] = TransportFeedbackEncoding.NotReceived;
                continue;
            }

            var delta = _arrival[s & _mask] - previous;
            if (!TransportFeedbackEncoding.FitsLargeDelta(delta))
            {
                break;
            }

            _symbols[statuses++] = TransportFeedbackEncoding.SymbolFor((int)delta);
            _deltas[received++] = (int)delta;
            previous = _arrival[s & _mask];
        }

        var budget = (destination.Length & ~3) - TransportFeedbackEncoding.FixedSize;
        var chunkCount = TransportFeedbackEncoding.Encode(_symbols.AsSpan(0, statuses), _chunks, budget, out var covered, out var deltaBytes);
        var length = TransportFeedback.WritePacket(
            destination,
            senderSsrc,
            mediaSsrc,
            (ushort)_start,
            covered,
            (int)(referenceUnits & 0xFFFFFF),
            _feedbackPacketCount++,
            _chunks.AsSpan(0, chunkCount),
            _symbols.AsSpan(0, covered),
            _deltas.AsSpan(0, received),
            deltaBytes);

        _start += covered;
        _reportedEnd = _start;
        return length;
    }

    private bool IsStored(long sequence) => _slotSequence[sequence & _mask] == sequence;

    private void Store(long sequence, long time)
    {
        _slotSequence[sequence & _mask] = sequence;
        _arrival[sequence & _mask] = time;
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }
}
