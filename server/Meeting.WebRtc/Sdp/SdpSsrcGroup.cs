namespace Meeting.WebRtc.Sdp;

/// <summary>a=ssrc-group: SSRCs that belong together, e.g. "FID 1111 2222" (media and its RTX).</summary>
/// <remarks>RFC 5576 §4.2; FID is RFC 5888 §8 as used by RFC 4588 §8.7; SIM lists simulcast layers.</remarks>
public sealed class SdpSsrcGroup
{
    /// <summary>Flow identification: the first SSRC's retransmissions go in the second (RFC 4588 §8.7).</summary>
    public const string Fid = "FID";

    /// <summary>Simulcast layers, lowest first (the legacy SSRC-based signalling browsers still write).</summary>
    public const string Sim = "SIM";

    /// <summary>Forward error correction flow (RFC 5956 §4.3).</summary>
    public const string FecFr = "FEC-FR";

    public SdpSsrcGroup()
    {
    }

    public SdpSsrcGroup(string semantics, params IEnumerable<uint> ssrcs)
    {
        Semantics = semantics;
        Ssrcs.AddRange(ssrcs);
    }

    /// <summary>The group's semantics token, e.g. "FID" or "SIM".</summary>
    public string Semantics { get; set; } = Fid;

    /// <summary>The member SSRCs in the order written.</summary>
    public List<uint> Ssrcs { get; } = [];

    /// <summary>The text after "a=ssrc-group:".</summary>
    public override string ToString() => Ssrcs.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Ssrcs);
}
