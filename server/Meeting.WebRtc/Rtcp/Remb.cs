using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Meeting.WebRtc.Rtcp;

/// <summary>Receiver Estimated Maximum Bitrate: the receiver's total estimate for the listed SSRCs.</summary>
/// <remarks>draft-alvestrand-rmcat-remb-03 §2.2 (PSFB, FMT 15, "REMB", BR Exp 6 bits, BR Mantissa 18 bits)</remarks>
public sealed class Remb
{
    public const byte Format = 15;

    /// <summary>The unique identifier 'R' 'E' 'M' 'B'.</summary>
    public const uint UniqueIdentifier = 0x52454D42;

    private const int MantissaBits = 18;
    private const int MaximumExponent = 63;

    public uint SenderSsrc { get; init; }

    /// <summary>Always 0 on the wire (§2.2); kept as read for round trips.</summary>
    public uint MediaSsrc { get; init; }

    /// <summary>Bits per second, mantissa × 2^exponent (saturating at <see cref="ulong.MaxValue"/>).
    /// Writing truncates to 18 significant bits.</summary>
    public ulong Bitrate { get; init; }

    public IReadOnlyList<uint> Ssrcs { get; init; } = [];

    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out Remb? remb)
    {
        remb = null;
        if (!RtcpPacket.TryGetFeedback(packet, RtcpPacketType.PSFB, Format, out var sender, out var media, out var fci)
            || fci.Length < 8
            || BinaryPrimitives.ReadUInt32BigEndian(fci) != UniqueIdentifier)
        {
            return false;
        }

        int count = fci[4];
        if (fci.Length < 8 + (4 * count))
        {
            return false;
        }

        var exponent = fci[5] >> 2;
        var mantissa = (ulong)(((fci[5] & 0x03) << 16) | (fci[6] << 8) | fci[7]);
        var bitrate = mantissa != 0 && exponent > BitOperations.LeadingZeroCount(mantissa) ? ulong.MaxValue : mantissa << exponent;

        var ssrcs = new uint[count];
        for (var i = 0; i < count; i++)
        {
            ssrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(fci[(8 + (4 * i))..]);
        }

        remb = new Remb { SenderSsrc = sender, MediaSsrc = media, Bitrate = bitrate, Ssrcs = ssrcs };
        return true;
    }

    public int GetSize() => RtcpPacket.FeedbackFixedSize + 8 + (4 * Ssrcs.Count);

    public int WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Ssrcs.Count, 255);
        var size = GetSize();
        RtcpPacket.WriteFeedbackHeader(destination, size, Format, RtcpPacketType.PSFB, SenderSsrc, MediaSsrc);
        var fci = destination[RtcpPacket.FeedbackFixedSize..];
        BinaryPrimitives.WriteUInt32BigEndian(fci, UniqueIdentifier);
        fci[4] = (byte)Ssrcs.Count;

        var exponent = Math.Min(MaximumExponent, Math.Max(0, 64 - BitOperations.LeadingZeroCount(Bitrate) - MantissaBits));
        var mantissa = (uint)(Bitrate >> exponent);
        fci[5] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        fci[6] = (byte)(mantissa >> 8);
        fci[7] = (byte)mantissa;
        for (var i = 0; i < Ssrcs.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(fci[(8 + (4 * i))..], Ssrcs[i]);
        }

        return size;
    }
}
