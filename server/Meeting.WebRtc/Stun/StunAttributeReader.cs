using System.Buffers.Binary;

namespace Meeting.WebRtc.Stun;

/// <summary>Walks the attribute TLVs of a message whose header is already validated, refusing any
/// attribute whose value or padding runs past the end.</summary>
/// <remarks>RFC 8489 §14: type (16), length (16, unpadded), value padded to a multiple of 4.</remarks>
internal ref struct StunAttributeReader
{
    private const int AttributeHeaderLength = 4;

    private readonly ReadOnlySpan<byte> _message;
    private int _offset;

    public StunAttributeReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _offset = StunHeader.HeaderLength;
    }

    /// <summary>True when iteration stopped on a TLV that does not fit, not at the end.</summary>
    public bool IsMalformed { get; private set; }

    public bool MoveNext(out int attributeOffset, out ushort type, out ReadOnlySpan<byte> value)
    {
        attributeOffset = _offset;
        type = 0;
        value = default;
        if (IsMalformed || _offset >= _message.Length)
        {
            return false;
        }

        int remaining = _message.Length - _offset;
        if (remaining < AttributeHeaderLength)
        {
            IsMalformed = true;
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(_message[_offset..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_offset + 2)..]);
        int padded = (length + 3) & ~3;
        if (padded > remaining - AttributeHeaderLength)
        {
            IsMalformed = true;
            return false;
        }

        value = _message.Slice(_offset + AttributeHeaderLength, length);
        _offset += AttributeHeaderLength + padded;
        return true;
    }
}
