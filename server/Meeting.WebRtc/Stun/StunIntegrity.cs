using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Meeting.WebRtc.Stun;

/// <summary>MESSAGE-INTEGRITY and FINGERPRINT arithmetic shared by the parser and the builder.</summary>
internal sealed class StunIntegrity
{
    /// <summary>HMAC-SHA1 output, the MESSAGE-INTEGRITY value length.</summary>
    /// <remarks>RFC 8489 §14.5</remarks>
    public const int MessageIntegrityLength = 20;

    /// <summary>MESSAGE-INTEGRITY attribute including its 4-byte header.</summary>
    public const int MessageIntegrityAttributeLength = 4 + MessageIntegrityLength;

    /// <summary>FINGERPRINT attribute including its 4-byte header.</summary>
    public const int FingerprintAttributeLength = 8;

    /// <summary>XORed into the CRC so a FINGERPRINT never matches a CRC another protocol carries.</summary>
    /// <remarks>RFC 8489 §14.7</remarks>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>HMAC-SHA1 over <paramref name="messageBeforeIntegrity"/> (header plus the attributes
    /// before MESSAGE-INTEGRITY) as if the header's length field ended right after MESSAGE-INTEGRITY.
    /// The input is copied to the stack so the caller's bytes stay as they were received.</summary>
    /// <remarks>RFC 8489 §14.5</remarks>
    public static void ComputeMessageIntegrity(ReadOnlySpan<byte> messageBeforeIntegrity, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        Span<byte> copy = stackalloc byte[StunHeader.MaxMessageLength];
        copy = copy[..messageBeforeIntegrity.Length];
        messageBeforeIntegrity.CopyTo(copy);
        int adjustedLength = messageBeforeIntegrity.Length + MessageIntegrityAttributeLength - StunHeader.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(copy[2..], (ushort)adjustedLength);
        HMACSHA1.HashData(key, copy, mac);
    }

    /// <summary>CRC-32 of the message up to the FINGERPRINT attribute, XORed with 0x5354554E.</summary>
    /// <remarks>RFC 8489 §14.7</remarks>
    public static uint ComputeFingerprint(ReadOnlySpan<byte> messageBeforeFingerprint) =>
        StunCrc32.Compute(messageBeforeFingerprint) ^ FingerprintXor;
}
