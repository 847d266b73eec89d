namespace Meeting.WebRtc.Sdp;

/// <summary>a=group: m-sections that belong together, e.g. "BUNDLE 0 1 2" (one transport for all).</summary>
/// <remarks>RFC 5888 §5; BUNDLE is RFC 8843 §7.</remarks>
public sealed class SdpGroup
{
    /// <summary>The BUNDLE semantics (RFC 8843 §7): the sections share one 5-tuple.</summary>
    public const string Bundle = "BUNDLE";

    /// <summary>Lip synchronisation (RFC 5888 §7.1).</summary>
    public const string LipSync = "LS";

    public SdpGroup()
    {
    }

    public SdpGroup(string semantics, params IEnumerable<string> mids)
    {
        Semantics = semantics;
        Mids.AddRange(mids);
    }

    /// <summary>The semantics token, e.g. "BUNDLE".</summary>
    public string Semantics { get; set; } = Bundle;

    /// <summary>The identification tags (a=mid values) of the members; for BUNDLE the first is the tagged section.</summary>
    public List<string> Mids { get; } = [];

    /// <summary>The text after "a=group:".</summary>
    public override string ToString() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Mids);
}
