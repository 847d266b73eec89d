namespace Meeting.Sfu.Internal;

/// <summary>
/// One m-line of a transport's SDP. The first two are the peer's own tracks (<c>a0</c>, <c>v0</c>: the
/// server receives); every later one forwards another peer's track, or is inactive once that track
/// ended. Unified Plan never removes an m-line, so a slot outlives its consumer.
/// </summary>
internal sealed class MediaSlot
{
    public MediaSlot(string mid, MediaKind kind, bool receives)
    {
        Mid = mid;
        Kind = kind;
        Receives = receives;
    }

    public string Mid { get; }

    public MediaKind Kind { get; }

    /// <summary>True for the peer's own tracks (the browser sends, the server receives).</summary>
    public bool Receives { get; }

    /// <summary>The track this slot forwards; null when the slot is inactive.</summary>
    public Consumer? Consumer { get; set; }
}
