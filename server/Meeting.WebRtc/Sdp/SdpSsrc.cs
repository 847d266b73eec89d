namespace Meeting.WebRtc.Sdp;

/// <summary>One a=ssrc line: a source attribute of one SSRC, e.g. "cname:…" or "msid:stream track".</summary>
/// <remarks>RFC 5576 §4.1: a=ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;].</remarks>
public sealed record SdpSsrc(uint Ssrc, string Attribute, string? Value = null)
{
    /// <summary>The canonical-name source attribute (RFC 5576 §6.1), the one every browser writes.</summary>
    public const string CName = "cname";

    /// <summary>The text after "a=ssrc:".</summary>
    public override string ToString() => Value is null ? $"{Ssrc} {Attribute}" : $"{Ssrc} {Attribute}:{Value}";
}
