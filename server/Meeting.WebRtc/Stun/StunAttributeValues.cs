using System.Buffers.Binary;

namespace Meeting.WebRtc.Stun;

/// <summary>Decodes the value of each attribute the parser understands into a <see cref="StunMessage"/>.
/// A known attribute of the wrong size or content makes the whole message malformed.</summary>
internal sealed class StunAttributeValues
{
    public static bool Read(StunMessage message, ushort type, ReadOnlySpan<byte> value)
    {
        string? text;
        switch (type)
        {
            case StunAttributeType.Username:
                // Strict UTF-8: it selects credentials, so two decodings must never disagree.
                return StunMessage.TryDecodeText(value, StunMessage.MaxUsernameLength, strict: true, out text)
                    && message.SetUsername(text!);

            case StunAttributeType.Priority:
                if (value.Length != 4)
                {
                    return false;
                }

                message.SetPriority(BinaryPrimitives.ReadUInt32BigEndian(value));
                return true;

            case StunAttributeType.UseCandidate:
                if (value.Length != 0)
                {
                    return false;
                }

                message.SetUseCandidate();
                return true;

            case StunAttributeType.IceControlling:
            case StunAttributeType.IceControlled:
                if (value.Length != 8)
                {
                    return false;
                }

                ulong tieBreaker = BinaryPrimitives.ReadUInt64BigEndian(value);
                if (type == StunAttributeType.IceControlling)
                {
                    message.SetIceControlling(tieBreaker);
                }
                else
                {
                    message.SetIceControlled(tieBreaker);
                }

                return true;

            case StunAttributeType.XorMappedAddress:
                if (!StunXorAddress.TryRead(value, message.TransactionId, out var endPoint))
                {
                    return false;
                }

                message.SetXorMappedAddress(endPoint!);
                return true;

            case StunAttributeType.ErrorCode:
                return ReadErrorCode(message, value);

            case StunAttributeType.UnknownAttributes:
                if ((value.Length & 1) != 0)
                {
                    return false;
                }

                var types = new ushort[value.Length / 2];
                for (int i = 0; i < types.Length; i++)
                {
                    types[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(2 * i)..]);
                }

                message.SetUnknownAttributes(types);
                return true;

            case StunAttributeType.Software:
                // Diagnostic only: an oversized or badly encoded SOFTWARE is ignored, not fatal.
                if (StunMessage.TryDecodeText(value, StunMessage.MaxTextLength, strict: false, out text))
                {
                    message.SetSoftware(text!);
                }

                return true;

            case StunAttributeType.Realm:
                if (!StunMessage.TryDecodeText(value, StunMessage.MaxTextLength, strict: true, out text))
                {
                    return false;
                }

                message.SetRealm(text!);
                return true;

            case StunAttributeType.Nonce:
                if (!StunMessage.TryDecodeText(value, StunMessage.MaxTextLength, strict: true, out text))
                {
                    return false;
                }

                message.SetNonce(text!);
                return true;

            default:
                if (type < StunAttributeType.ComprehensionOptionalMin && !StunAttributeType.IsKnownComprehensionRequired(type))
                {
                    message.AddUnknownComprehensionRequired(type);
                }

                return true;
        }
    }

    /// <remarks>RFC 8489 §14.8: 21 reserved bits, class (3 bits, 3..6), number (8 bits, 0..99), reason.</remarks>
    private static bool ReadErrorCode(StunMessage message, ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            return false;
        }

        int cls = value[2] & 0x07;
        int number = value[3];
        if (cls < 3 || cls > 6 || number > 99)
        {
            return false;
        }

        if (!StunMessage.TryDecodeText(value[4..], StunMessage.MaxTextLength, strict: false, out string? reason))
        {
            return false;
        }

        message.SetError(cls * 100 + number, reason!);
        return true;
    }
}
