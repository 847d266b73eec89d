namespace Meeting.WebRtc.Srtp;

/// <summary>Limits of one <see cref="SrtpSession"/>.</summary>
public sealed class SrtpSessionOptions
{
    /// <summary>The largest <see cref="ReplayWindowSize"/> supported: the window is two 64-bit words.</summary>
    public const int MaxReplayWindowSize = 128;

    /// <summary>The smallest window RFC 3711 §3.3.2 allows.</summary>
    public const int MinReplayWindowSize = 64;

    /// <summary>How many indices behind the highest received one a packet may arrive and still
    /// be accepted (once). Between <see cref="MinReplayWindowSize"/> and <see cref="MaxReplayWindowSize"/>.</summary>
    /// <remarks>RFC 3711 §3.3.2</remarks>
    public int ReplayWindowSize { get; init; } = MaxReplayWindowSize;

    /// <summary>SSRCs tracked per session. A packet of a new SSRC past this number is refused with
    /// <see cref="SrtpStatus.TooManyStreams"/>, so a flood of random SSRCs cannot grow memory.</summary>
    public int MaxStreams { get; init; } = 64;

    internal void Validate()
    {
        if (ReplayWindowSize is < MinReplayWindowSize or > MaxReplayWindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplayWindowSize), ReplayWindowSize,
                $"The replay window holds {MinReplayWindowSize} to {MaxReplayWindowSize} packets.");
        }

        if (MaxStreams < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStreams), MaxStreams, "At least one stream.");
        }
    }
}
