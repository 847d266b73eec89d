namespace Meeting.WebRtc.Stun;

/// <summary>The class of a STUN message, carried in bits C1 and C0 of the message type.</summary>
/// <remarks>RFC 8489 §5</remarks>
public enum StunClass
{
    /// <summary>0b00.</summary>
    Request,

    /// <summary>0b01.</summary>
    Indication,

    /// <summary>0b10.</summary>
    SuccessResponse,

    /// <summary>0b11.</summary>
    ErrorResponse,
}
