using System.Buffers.Binary;

namespace Meeting.WebRtc.Rtp;

/// <summary>The transport-wide sequence number: 16 bits, big-endian, one counter per transport.</summary>
/// <remarks>draft-holmer-rmcat-transport-wide-cc-extensions-01 §2</remarks>
public static class TransportWideSequenceNumberExtension
{
    public const int Size = 2;

    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        if (value.Length != Size)
        {
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    public static int Write(Span<byte> value, ushort sequenceNumber)
    {
        BinaryPrimitives.WriteUInt16BigEndian(value, sequenceNumber);
        return Size;
    }

    /// <summary>Finds element <paramref name="id"/> in the packet and reads it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, in RtpHeader header, byte id, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        return RtpExtensions.TryFind(packet, header, id, out var offset, out var length)
            && TryRead(packet.Slice(offset, length), out sequenceNumber);
    }

    /// <summary>Rewrites element <paramref name="id"/> in place (the SFU renumbers per outgoing
    /// transport); false when the packet has no such element of the right size.</summary>
    public static bool TryWrite(Span<byte> packet, in RtpHeader header, byte id, ushort sequenceNumber)
    {
        if (!RtpExtensions.TryFind(packet, header, id, out var offset, out var length) || length != Size)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(offset, Size), sequenceNumber);
        return true;
    }
}
