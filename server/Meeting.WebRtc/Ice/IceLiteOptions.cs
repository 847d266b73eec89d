namespace Meeting.WebRtc.Ice;

/// <summary>Settings of an <see cref="IceLiteAgent"/>.</summary>
public sealed class IceLiteOptions
{
    /// <summary>Consent is lost when no valid check arrived from the selected remote for this long.</summary>
    /// <remarks>RFC 7675 §5.1: 30 seconds.</remarks>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many remote addresses are remembered as verified (least recently checked
    /// evicted first). A browser checks one pair per local candidate, a handful at most.</summary>
    public int MaxVerifiedAddresses { get; set; } = 8;
}
