namespace Meeting.WebRtc.Stun;

/// <summary>A STUN method (12 bits). A parsed message may carry any value; only Binding is named
/// because it is the only method ICE uses.</summary>
/// <remarks>RFC 8489 §18.2</remarks>
public enum StunMethod : ushort
{
    /// <summary>Binding (0x001).</summary>
    Binding = 0x001,
}
