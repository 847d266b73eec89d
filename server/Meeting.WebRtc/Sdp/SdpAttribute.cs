namespace Meeting.WebRtc.Sdp;

/// <summary>An a= line this parser does not model (a=rid, a=simulcast, a=rtcp-fb:*, a second a=msid …),
/// kept as written so that nothing is lost when the description is written back.</summary>
/// <remarks>RFC 8866 §5.13: a=&lt;attribute-name&gt; (a property) or a=&lt;attribute-name&gt;:&lt;value&gt;.</remarks>
/// <param name="Name">The attribute name, before the first colon.</param>
/// <param name="Value">Everything after the first colon; null for a property attribute such as a=bundle-only.</param>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <summary>The text after "a=".</summary>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
