using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Meeting.WebRtc.Stun;

/// <summary>The 96-bit transaction id that pairs a response with its request. Held as two integers
/// so equality and hashing cost nothing.</summary>
/// <remarks>RFC 8489 §5: chosen uniformly at random from 0 .. 2^96-1, so it is also unguessable.</remarks>
public readonly struct StunTransactionId : IEquatable<StunTransactionId>
{
    /// <summary>12 bytes.</summary>
    public const int Length = 12;

    private readonly ulong _high;
    private readonly uint _low;

    /// <exception cref="ArgumentException">The span is not exactly 12 bytes.</exception>
    public StunTransactionId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A STUN transaction id is {Length} bytes.", nameof(bytes));
        }

        _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _low = BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]);
    }

    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return new StunTransactionId(bytes);
    }

    /// <exception cref="ArgumentException">The destination is shorter than 12 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs {Length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _low);
    }

    public bool Equals(StunTransactionId other) => _high == other._high && _low == other._low;

    public override bool Equals(object? obj) => obj is StunTransactionId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low);

    public override string ToString() => $"{_high:x16}{_low:x8}";

    public static bool operator ==(StunTransactionId left, StunTransactionId right) => left.Equals(right);

    public static bool operator !=(StunTransactionId left, StunTransactionId right) => !left.Equals(right);
}
