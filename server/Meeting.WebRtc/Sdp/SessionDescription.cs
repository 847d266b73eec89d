using System.Diagnostics.CodeAnalysis;

namespace Meeting.WebRtc.Sdp;

/// <summary>A WebRTC session description (offer or answer) in Unified Plan: one m-section per transceiver.</summary>
/// <remarks>RFC 8866 (SDP) as profiled by JSEP, RFC 8829 §5. Session-level attributes: group (RFC 5888,
/// BUNDLE RFC 8843), ice-lite / ice-ufrag / ice-pwd / ice-options (RFC 8839 §5), fingerprint and setup
/// (RFC 8842 §5), msid-semantic (what browsers still write), extmap-allow-mixed (RFC 8285 §6).
/// <see cref="TryParse"/> never throws; <see cref="ToString"/> writes the canonical form, which parses back
/// to an equal model and writes back to the same text.</remarks>
public sealed class SessionDescription
{
    /// <summary>The longest description accepted, in UTF-8 bytes — as given, and as written canonically
    /// (with CRLF line ends), so that whatever parsed also parses again once written.</summary>
    public const int MaxTextBytes = 64 * 1024;

    /// <summary>The most lines accepted (blank lines included), as given and as written canonically.</summary>
    public const int MaxLines = 4096;

    /// <summary>The most m-sections accepted.</summary>
    public const int MaxMediaSections = 64;

    /// <summary>The most formats (payload types, so codecs) on one m-line.</summary>
    public const int MaxCodecsPerMedia = 64;

    /// <summary>v=, always 0 (RFC 8866 §5.1).</summary>
    public int Version { get; set; }

    public SdpOrigin Origin { get; set; } = new("-", 0, 0, "127.0.0.1");

    /// <summary>s=, "-" in JSEP (RFC 8829 §5.2.1).</summary>
    public string SessionName { get; set; } = "-";

    public SdpTiming Timing { get; set; } = SdpTiming.Unbounded;

    /// <summary>A session-level c= value, which browsers never write.</summary>
    public string? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    public List<SdpGroup> Groups { get; } = [];

    /// <summary>a=ice-lite: this side only answers connectivity checks (RFC 8839 §5.3), as an SFU does.</summary>
    public bool IceLite { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public string? IceOptions { get; set; }

    /// <summary>The session-level fingerprint (Firefox writes it here), the default of every section.</summary>
    public DtlsFingerprint? Fingerprint { get; set; }

    public DtlsSetup? Setup { get; set; }

    /// <summary>A session-level direction, the default of sections that write none.</summary>
    public SdpDirection? Direction { get; set; }

    /// <summary>The a=msid-semantic value, e.g. "WMS *" or "WMS" (leading spaces dropped).</summary>
    public string? MsidSemantic { get; set; }

    /// <summary>a=extmap-allow-mixed: one- and two-byte header extensions may be mixed (RFC 8285 §6).</summary>
    public bool ExtmapAllowMixed { get; set; }

    public List<MediaDescription> Media { get; } = [];

    /// <summary>Session attributes not modelled, in the order written.</summary>
    public List<SdpAttribute> OtherAttributes { get; } = [];

    /// <summary>i=, u=, e=, p=, r=, z= and k= lines, whole ("u=…"), in the order written.</summary>
    public List<string> OtherLines { get; } = [];

    /// <summary>The first BUNDLE group.</summary>
    public SdpGroup? BundleGroup => Groups.Find(g => g.Semantics == SdpGroup.Bundle);

    /// <summary>Parses SDP text with CRLF or LF line ends. On failure <paramref name="error"/> names the
    /// line and what is wrong. Never throws. Decisions worth knowing: an a=rtpmap, a=fmtp or a=rtcp-fb for a
    /// payload type the m-line does not list is an error (JSEP never writes one, and a codec that cannot be
    /// selected is a sign of a broken or hostile peer); static payload types (RFC 3551) listed without
    /// rtpmap get their codec from the static table; blank lines are ignored; unknown attributes are kept.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? description, out string? error) =>
        SdpReader.TryRead(text, out description, out error);

    /// <summary>Parses without reporting why it failed.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? description) =>
        SdpReader.TryRead(text, out description, out _);

    /// <summary>The section whose a=mid is <paramref name="mid"/>.</summary>
    public MediaDescription? FindMedia(string mid) => Media.Find(m => m.Mid == mid);

    /// <summary>The section's ICE username fragment, or the session's when the section has none.</summary>
    public string? IceUfragOf(MediaDescription media) => media.IceUfrag ?? IceUfrag;

    /// <summary>The section's ICE password, or the session's.</summary>
    public string? IcePwdOf(MediaDescription media) => media.IcePwd ?? IcePwd;

    /// <summary>The section's fingerprint, or the session's.</summary>
    public DtlsFingerprint? FingerprintOf(MediaDescription media) => media.Fingerprint ?? Fingerprint;

    /// <summary>The section's DTLS role, or the session's.</summary>
    public DtlsSetup? SetupOf(MediaDescription media) => media.Setup ?? Setup;

    /// <summary>The canonical SDP text, CRLF line ends, attributes in the order browsers write them.</summary>
    public override string ToString() => SdpWriter.Write(this);
}
