namespace Meeting.WebRtc.Rtp;

/// <summary>Finds RFC 8285 header extension elements in a packet, as offsets so that a caller can
/// rewrite a value in place.</summary>
/// <remarks>RFC 8285 §4.2 (one-byte form), §4.3 (two-byte form)</remarks>
public static class RtpExtensions
{
    /// <summary>"defined by profile" value of the one-byte form (RFC 8285 §4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>"defined by profile" value of the two-byte form; its low 4 bits are "appbits"
    /// (RFC 8285 §4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;

    /// <summary>Mask that leaves the two-byte form's fixed 12 bits.</summary>
    public const ushort TwoByteProfileMask = 0xFFF0;

    /// <summary>The one-byte form's reserved ID: processing stops at it (RFC 8285 §4.2).</summary>
    public const byte OneByteReservedId = 15;

    public static bool IsOneByte(ushort profile) => profile == OneByteProfile;

    public static bool IsTwoByte(ushort profile) => (profile & TwoByteProfileMask) == TwoByteProfile;

    /// <summary>Looks for element <paramref name="id"/> in the packet's header extension.</summary>
    /// <param name="valueOffset">Offset of the value in <paramref name="packet"/>.</param>
    /// <param name="valueLength">Length of the value (0 is possible in the two-byte form).</param>
    /// <returns>False when the packet has no RFC 8285 extension, the element is absent, or the
    /// extension is malformed before the element is reached.</returns>
    public static bool TryFind(ReadOnlySpan<byte> packet, in RtpHeader header, byte id, out int valueOffset, out int valueLength)
    {
        valueOffset = 0;
        valueLength = 0;
        if (!header.HasExtension || id == 0)
        {
            return false;
        }

        var start = header.ExtensionOffset;
        var end = start + header.ExtensionLength;
        if (end > packet.Length)
        {
            return false;
        }

        if (IsOneByte(header.ExtensionProfile))
        {
            return id < OneByteReservedId && FindOneByte(packet, start, end, id, out valueOffset, out valueLength);
        }

        if (IsTwoByte(header.ExtensionProfile))
        {
            return FindTwoByte(packet, start, end, id, out valueOffset, out valueLength);
        }

        return false;
    }

    private static bool FindOneByte(ReadOnlySpan<byte> packet, int position, int end, byte id, out int valueOffset, out int valueLength)
    {
        valueOffset = 0;
        valueLength = 0;
        while (position < end)
        {
            var b = packet[position];
            if (b == 0)
            {
                position++;
                continue;
            }

            var elementId = b >> 4;
            if (elementId == OneByteReservedId)
            {
                return false;
            }

            var length = (b & 0x0F) + 1;
            if (length > end - position - 1)
            {
                return false;
            }

            if (elementId == id)
            {
                valueOffset = position + 1;
                valueLength = length;
                return true;
            }

            position += 1 + length;
        }

        return false;
    }

    private static bool FindTwoByte(ReadOnlySpan<byte> packet, int position, int end, byte id, out int valueOffset, out int valueLength)
    {
        valueOffset = 0;
        valueLength = 0;
        while (position < end)
        {
            var elementId = packet[position];
            if (elementId == 0)
            {
                position++;
                continue;
            }

            if (end - position < 2)
            {
                return false;
            }

            var length = packet[position + 1];
            if (length > end - position - 2)
            {
                return false;
            }

            if (elementId == id)
            {
                valueOffset = position + 2;
                valueLength = length;
                return true;
            }

            position += 2 + length;
        }

        return false;
    }
}
