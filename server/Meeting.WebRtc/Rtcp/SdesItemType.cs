namespace Meeting.WebRtc.Rtcp;

/// <summary>SDES item types.</summary>
/// <remarks>RFC 3550 §6.5, §12.2</remarks>
public enum SdesItemType : byte
{
    /// <summary>The null item that ends a chunk's item list.</summary>
    END = 0,
    CNAME = 1,
    NAME = 2,
    EMAIL = 3,
    PHONE = 4,
    LOC = 5,
    TOOL = 6,
    NOTE = 7,
    PRIV = 8,
}
