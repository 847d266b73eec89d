using System.Buffers.Binary;
using System.Text;

namespace Meeting.WebRtc.Rtcp;

/// <summary>One SDES chunk: an SSRC/CSRC and its items, ended by a null item and padded to a
/// 32-bit boundary.</summary>
/// <remarks>RFC 3550 §6.5</remarks>
public sealed class SdesChunk
{
    public const int MaximumTextLength = 255;

    public uint Ssrc { get; init; }

    public IReadOnlyList<SdesItem> Items { get; init; } = [];

    /// <summary>The CNAME item's text, or null.</summary>
    public string? Cname
    {
        get
        {
            foreach (var item in Items)
            {
                if (item.Type == SdesItemType.CNAME)
                {
                    return item.Text;
                }
            }

            return null;
        }
    }

    /// <summary>Parses one chunk at the start of <paramref name="data"/> (which starts on a 32-bit
    /// boundary) and returns how many bytes it took.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> data, out SdesChunk chunk, out int consumed)
    {
        chunk = null!;
        consumed = 0;
        if (data.Length < 4)
        {
            return false;
        }

        var items = new List<SdesItem>();
        var position = 4;
        while (true)
        {
            if (position >= data.Length)
            {
                return false;
            }

            var type = data[position];
            if (type == (byte)SdesItemType.END)
            {
                position = (position + 4) & ~3;
                if (position > data.Length)
                {
                    return false;
                }

                break;
            }

            if (data.Length - position < 2 || data[position + 1] > data.Length - position - 2)
            {
                return false;
            }

            int length = data[position + 1];
            items.Add(new SdesItem((SdesItemType)type, Encoding.UTF8.GetString(data.Slice(position + 2, length))));
            position += 2 + length;
        }

        chunk = new SdesChunk { Ssrc = BinaryPrimitives.ReadUInt32BigEndian(data), Items = items };
        consumed = position;
        return true;
    }

    public int GetSize()
    {
        var items = 0;
        foreach (var item in Items)
        {
            items += 2 + TextLength(item);
        }

        // At least one null byte ends the list, then padding to the next word.
        return 4 + ((items + 1 + 3) & ~3);
    }

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSize();
        if (destination.Length < size)
        {
            throw new ArgumentException($"The chunk needs {size} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        var position = 4;
        foreach (var item in Items)
        {
            if (item.Type == SdesItemType.END)
            {
                throw new ArgumentException("END is the list terminator, not an item.", nameof(destination));
            }

            var length = TextLength(item);
            destination[position] = (byte)item.Type;
            destination[position + 1] = (byte)length;
            Encoding.UTF8.GetBytes(item.Text, destination[(position + 2)..]);
            position += 2 + length;
        }

        destination[position..size].Clear();
        return size;
    }

    private static int TextLength(SdesItem item)
    {
        var length = Encoding.UTF8.GetByteCount(item.Text);
        if (length > MaximumTextLength)
        {
            throw new ArgumentException($"An SDES item holds at most {MaximumTextLength} bytes.", nameof(item));
        }

        return length;
    }
}
