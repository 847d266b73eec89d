namespace Meeting.WebRtc.Sdp;

/// <summary>A b= line, e.g. b=AS:512 (kbit/s) or b=TIAS:500000 (bit/s).</summary>
/// <remarks>RFC 8866 §5.8; TIAS is RFC 3890.</remarks>
public sealed record SdpBandwidth(string Type, ulong Value)
{
    /// <summary>Application-specific maximum, in kilobits per second.</summary>
    public const string ApplicationSpecific = "AS";

    /// <summary>Transport-independent application-specific maximum, in bits per second (RFC 3890 §6.2).</summary>
    public const string TransportIndependent = "TIAS";

    public override string ToString() => $"{Type}:{Value}";
}
