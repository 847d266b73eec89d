using System.Buffers.Binary;

namespace Meeting.WebRtc.Rtp;

/// <summary>Builds a whole header extension (profile, length, elements, padding) into a caller's
/// buffer, for <see cref="RtpPacketWriter.WriteHeader"/>.</summary>
/// <remarks>RFC 8285 §4.2, §4.3</remarks>
public ref struct RtpExtensionWriter
{
    private readonly Span<byte> _destination;
    private readonly bool _twoByte;
    private int _position;

    /// <param name="destination">Where the block goes; must hold the 4-byte header, every element
    /// and up to 3 padding bytes.</param>
    /// <param name="twoByte">Use the two-byte form (needed for IDs above 14, values longer than 16
    /// bytes, or empty values).</param>
    public RtpExtensionWriter(Span<byte> destination, bool twoByte)
    {
        if (destination.Length < 4)
        {
            throw new ArgumentException("An extension block needs at least 4 bytes.", nameof(destination));
        }

        _destination = destination;
        _twoByte = twoByte;
        _position = 4;
    }

    /// <summary>Appends one element and returns the offset of its value within the block.</summary>
    public int Add(byte id, ReadOnlySpan<byte> value)
    {
        int headerSize;
        if (_twoByte)
        {
            ArgumentOutOfRangeException.ThrowIfZero(id);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Length, 255);
            headerSize = 2;
        }
        else
        {
            if (id is 0 or >= RtpExtensions.OneByteReservedId)
            {
                throw new ArgumentOutOfRangeException(nameof(id), id, "One-byte element IDs are 1-14.");
            }

            if (value.Length is < 1 or > 16)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value.Length, "One-byte element values are 1-16 bytes.");
            }

            headerSize = 1;
        }

        if (_destination.Length - _position < headerSize + value.Length)
        {
            throw new ArgumentException("The extension block's buffer is full.");
        }

        if (_twoByte)
        {
            _destination[_position] = id;
            _destination[_position + 1] = (byte)value.Length;
        }
        else
        {
            _destination[_position] = (byte)((id << 4) | (value.Length - 1));
        }

        _position += headerSize;
        var valueOffset = _position;
        value.CopyTo(_destination[_position..]);
        _position += value.Length;
        return valueOffset;
    }

    /// <summary>Pads to a 32-bit boundary, writes the block's header and returns its length.</summary>
    public int Finish()
    {
        var padded = (_position + 3) & ~3;
        if (padded > _destination.Length)
        {
            throw new ArgumentException("The extension block's buffer has no room for padding.");
        }

        _destination[_position..padded].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(_destination, _twoByte ? RtpExtensions.TwoByteProfile : RtpExtensions.OneByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[2..], (ushort)((padded - 4) / 4));
        return padded;
    }
}
