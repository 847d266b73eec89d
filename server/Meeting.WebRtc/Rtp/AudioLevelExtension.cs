namespace Meeting.WebRtc.Rtp;

/// <summary>Client-to-mixer audio level: a voice-activity flag and the level in −dBov (0 loudest,
/// 127 silence).</summary>
/// <remarks>RFC 6464 §3</remarks>
public static class AudioLevelExtension
{
    public const int Size = 1;

    /// <summary>The quietest level, −127 dBov (digital silence).</summary>
    public const byte MaximumLevel = 127;

    /// <remarks>Two-byte form may carry padding after the level byte (RFC 6464 §3), so longer values
    /// are accepted and only the first byte is read.</remarks>
    public static bool TryRead(ReadOnlySpan<byte> value, out bool voiceActivity, out byte level)
    {
        voiceActivity = false;
        level = 0;
        if (value.IsEmpty)
        {
            return false;
        }

        voiceActivity = (value[0] & 0x80) != 0;
        level = (byte)(value[0] & 0x7F);
        return true;
    }

    public static int Write(Span<byte> destination, bool voiceActivity, byte level)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaximumLevel);
        destination[0] = (byte)((voiceActivity ? 0x80 : 0) | level);
        return Size;
    }
}
