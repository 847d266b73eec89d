using System.Buffers.Binary;

namespace Meeting.WebRtc.Dtls;

/// <summary>The 13-byte header of a DTLSPlaintext / DTLSCiphertext record.</summary>
/// <remarks>RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2).</remarks>
public readonly record struct DtlsRecordHeader(
    DtlsContentType ContentType, ushort Version, ushort Epoch, ulong SequenceNumber, ushort Length)
{
    /// <summary>Size of the header on the wire.</summary>
    public const int Size = 13;

    /// <summary>Largest sequence_number a 48-bit field holds.</summary>
    public const ulong MaxSequenceNumber = (1UL << 48) - 1;

    public int GetSize() => Size;

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="Size"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sequence number does not fit in 48 bits.</exception>
    public void WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SequenceNumber, MaxSequenceNumber);
        if (destination.Length < Size)
        {
            throw new ArgumentException($"A DTLS record header needs {Size} bytes.", nameof(destination));
        }

        destination[0] = (byte)ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Version);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(destination[5..], (ushort)(SequenceNumber >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[7..], (uint)SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], Length);
    }
}
