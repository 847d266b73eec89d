using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Meeting.WebRtc.Rtp;

/// <summary>The SDES MID header extension: the media section's identification tag as ASCII bytes.</summary>
/// <remarks>RFC 8843 §15.2 (extension), RFC 5888 §4 (the tag is a token)</remarks>
public static class MidExtension
{
    /// <summary>Compares the wire value with a MID without allocating (for per-packet routing).</summary>
    public static bool MidEquals(ReadOnlySpan<byte> value, string mid)
    {
        ArgumentNullException.ThrowIfNull(mid);
        if (value.Length != mid.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != mid[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes the value into a string (allocates; for the rare path that learns a new MID).</summary>
    /// <returns>False for an empty value or bytes outside printable ASCII.</returns>
    public static bool TryRead(ReadOnlySpan<byte> value, [NotNullWhen(true)] out string? mid)
    {
        mid = null;
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return false;
            }
        }

        mid = Encoding.ASCII.GetString(value);
        return true;
    }

    /// <summary>Finds and compares the MID of a packet in one step.</summary>
    public static bool PacketHasMid(ReadOnlySpan<byte> packet, in RtpHeader header, byte id, string mid) =>
        RtpExtensions.TryFind(packet, header, id, out var offset, out var length)
        && MidEquals(packet.Slice(offset, length), mid);

    public static int GetSize(string mid) => mid.Length;

    /// <summary>Writes the MID's ASCII bytes and returns their count.</summary>
    public static int Write(Span<byte> destination, string mid)
    {
        ArgumentNullException.ThrowIfNull(mid);
        if (destination.Length < mid.Length)
        {
            throw new ArgumentException("The destination is shorter than the MID.", nameof(destination));
        }

        for (var i = 0; i < mid.Length; i++)
        {
            if (mid[i] is < (char)0x21 or > (char)0x7E)
            {
                throw new ArgumentException("A MID is printable ASCII.", nameof(mid));
            }

            destination[i] = (byte)mid[i];
        }

        return mid.Length;
    }
}
