namespace Meeting.WebRtc.Srtp;

/// <summary>A sliding window over packet indices: the highest index accepted and a bitmap of the
/// 128 indices at and below it, held in two words so it never allocates.</summary>
/// <remarks>RFC 3711 §3.3.2. <see cref="Check"/> runs before the packet is authenticated and changes
/// nothing; <see cref="Accept"/> runs only after it authenticated, so a forgery leaves no trace.</remarks>
internal struct ReplayWindow
{
    // Bit k of the 128-bit bitmap (k = 0 in the low word's bit 0) stands for index _highest - k.
    private ulong _low;
    private ulong _high;
    private ulong _highest;
    private bool _any;

    /// <summary>The highest index accepted so far (meaningless before the first).</summary>
    public readonly ulong Highest => _highest;

    /// <summary>Whether the window has accepted any index yet.</summary>
    public readonly bool IsEmpty => !_any;

    /// <summary>Ok when <paramref name="index"/> is new and inside the window, else ReplayDetected.</summary>
    public readonly SrtpStatus Check(ulong index, int windowSize)
    {
        if (!_any || index > _highest)
        {
            return SrtpStatus.Ok;
        }

        ulong delta = _highest - index;
        if (delta >= (ulong)windowSize)
        {
            return SrtpStatus.ReplayDetected;
        }

        return IsSet((int)delta) ? SrtpStatus.ReplayDetected : SrtpStatus.Ok;
    }

    /// <summary>Records <paramref name="index"/> as received; the caller checked it first.</summary>
    public void Accept(ulong index)
    {
        if (!_any)
        {
            _any = true;
            _highest = index;
            _low = 1;
            _high = 0;
            return;
        }

        if (index > _highest)
        {
            Shift(index - _highest);
            _highest = index;
            _low |= 1;
            return;
        }

        int delta = (int)(_highest - index);
        if (delta < 64)
        {
            _low |= 1UL << delta;
        }
        else if (delta < 128)
        {
            _high |= 1UL << (delta - 64);
        }
    }

    private readonly bool IsSet(int delta) =>
        delta < 64 ? (_low & (1UL << delta)) != 0 : (_high & (1UL << (delta - 64))) != 0;

    private void Shift(ulong by)
    {
        if (by >= 128)
        {
            _low = 0;
            _high = 0;
        }
        else if (by >= 64)
        {
            _high = _low << (int)(by - 64);
            _low = 0;
        }
        else if (by > 0)
        {
            int n = (int)by;
            _high = (_high << n) | (_low >> (64 - n));
            _low <<= n;
        }
    }
}
