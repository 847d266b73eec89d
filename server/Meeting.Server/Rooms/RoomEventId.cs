using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Meeting.Server.Rooms;

/// <summary>
/// Where an event sits in its room's log: <c>{milliseconds}-{sequence}</c>, the format of a Redis stream
/// entry id, so that the Redis log's ids pass through unchanged and the in-memory log's look the same.
/// Ids of one room are totally ordered: compare the milliseconds, then the sequence.
/// </summary>
public readonly record struct RoomEventId(ulong Milliseconds, ulong Sequence) : IComparable<RoomEventId>
{
    /// <summary>Before every event; a log that has never been written to reports this as its newest id.</summary>
    public static RoomEventId Zero => default;

    /// <summary>After every event; nothing can follow it.</summary>
    public static RoomEventId Max => new(ulong.MaxValue, ulong.MaxValue);

    /// <summary>Reads <c>{ms}-{seq}</c>: two runs of 1–20 ASCII digits that fit 64 bits, nothing else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RoomEventId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > 41)
        {
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !TryParsePart(text.AsSpan(0, dash), out var milliseconds)
            || !TryParsePart(text.AsSpan(dash + 1), out var sequence))
        {
            return false;
        }

        id = new RoomEventId(milliseconds, sequence);
        return true;
    }

    /// <summary>The id a log assigns after <paramref name="last"/> at <paramref name="now"/>: the clock's
    /// millisecond if it moved past the last one, else the same millisecond with the next sequence, so ids
    /// keep increasing even when the clock stands still or steps back (Redis' own rule for <c>XADD *</c>).</summary>
    public static RoomEventId Next(RoomEventId last, DateTimeOffset now)
    {
        var milliseconds = (ulong)Math.Max(0, now.ToUnixTimeMilliseconds());
        return milliseconds > last.Milliseconds ? new RoomEventId(milliseconds, 0) : new RoomEventId(last.Milliseconds, checked(last.Sequence + 1));
    }

    public int CompareTo(RoomEventId other)
    {
        var byMilliseconds = Milliseconds.CompareTo(other.Milliseconds);
        return byMilliseconds != 0 ? byMilliseconds : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(RoomEventId left, RoomEventId right) => left.CompareTo(right) < 0;

    public static bool operator >(RoomEventId left, RoomEventId right) => left.CompareTo(right) > 0;

    public static bool operator <=(RoomEventId left, RoomEventId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(RoomEventId left, RoomEventId right) => left.CompareTo(right) >= 0;

    public override string ToString()
        => Milliseconds.ToString(CultureInfo.InvariantCulture) + "-" + Sequence.ToString(CultureInfo.InvariantCulture);

    private static bool TryParsePart(ReadOnlySpan<char> digits, out ulong value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 20)
        {
            return false;
        }

        foreach (var c in digits)
        {
            // ulong.TryParse alone would also take signs, spaces and non-ASCII digits.
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
