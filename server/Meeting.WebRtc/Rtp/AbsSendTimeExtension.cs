namespace Meeting.WebRtc.Rtp;

/// <summary>abs-send-time: the send time in seconds as 24-bit 6.18 fixed point, so it wraps every
/// 64 s.</summary>
/// <remarks>http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time</remarks>
public static class AbsSendTimeExtension
{
    public const int Size = 3;

    /// <summary>One wrap of the 6-bit seconds field.</summary>
    public static readonly TimeSpan WrapPeriod = TimeSpan.FromSeconds(64);

    private const int FractionBits = 18;

    public static bool TryRead(ReadOnlySpan<byte> value, out uint absSendTime)
    {
        absSendTime = 0;
        if (value.Length != Size)
        {
            return false;
        }

        absSendTime = (uint)((value[0] << 16) | (value[1] << 8) | value[2]);
        return true;
    }

    /// <summary>The 6.18 value as a time within one 64 s period.</summary>
    public static TimeSpan ToTimeSpan(uint absSendTime) =>
        TimeSpan.FromTicks(((long)(absSendTime & 0xFFFFFF) * TimeSpan.TicksPerSecond) >> FractionBits);

    /// <summary>The 6.18 value of a time, keeping its seconds modulo 64 and truncating the fraction.</summary>
    public static uint FromTimeSpan(TimeSpan sendTime)
    {
        var ticks = sendTime.Ticks % WrapPeriod.Ticks;
        if (ticks < 0)
        {
            ticks += WrapPeriod.Ticks;
        }

        return (uint)(((ticks << FractionBits) / TimeSpan.TicksPerSecond) & 0xFFFFFF);
    }

    public static int Write(Span<byte> destination, TimeSpan sendTime) => Write(destination, FromTimeSpan(sendTime));

    public static int Write(Span<byte> destination, uint absSendTime)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("abs-send-time needs 3 bytes.", nameof(destination));
        }

        destination[0] = (byte)(absSendTime >> 16);
        destination[1] = (byte)(absSendTime >> 8);
        destination[2] = (byte)absSendTime;
        return Size;
    }
}
