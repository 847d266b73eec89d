namespace Meeting.WebRtc.Sdp;

/// <summary>One m-section: an RTP transceiver (audio, video) or the data channel (application).</summary>
/// <remarks>RFC 8866 §5.14 (m=) with the attributes JSEP writes (RFC 8829 §5.2.1): mid (RFC 8843 §14),
/// ICE (RFC 8839 §5), DTLS (RFC 8842 §5), extmap (RFC 8285), msid (RFC 8830), ssrc and ssrc-group
/// (RFC 5576), rtcp-mux (RFC 5761), rtcp-mux-only (RFC 8858), rtcp-rsize (RFC 5506), sctp-port and
/// max-message-size (RFC 8841 §5 and §6).</remarks>
public sealed class MediaDescription
{
    public const string Audio = "audio";
    public const string Video = "video";
    public const string Application = "application";

    /// <summary>The RTP profile of WebRTC media (RFC 5764 §8, RFC 8829 §5.1.2).</summary>
    public const string RtpProtocol = "UDP/TLS/RTP/SAVPF";

    /// <summary>The data channel's protocol (RFC 8841 §4.1) and its single format.</summary>
    public const string SctpProtocol = "UDP/DTLS/SCTP";

    public const string DataChannelFormat = "webrtc-datachannel";

    /// <summary>The port JSEP writes before candidates are known (RFC 8829 §5.2.1).</summary>
    public const int DiscardPort = 9;

    public MediaDescription()
    {
    }

    public MediaDescription(string kind, int port = DiscardPort, string protocol = RtpProtocol)
    {
        Kind = kind;
        Port = port;
        Protocol = protocol;
    }

    /// <summary>"audio", "video" or "application".</summary>
    public string Kind { get; set; } = Audio;

    /// <summary>0 marks a rejected (or bundle-only) section.</summary>
    public int Port { get; set; } = DiscardPort;

    /// <summary>The "/&lt;number of ports&gt;" of the m-line, which WebRTC never writes.</summary>
    public int? PortCount { get; set; }

    public string Protocol { get; set; } = RtpProtocol;

    /// <summary>The m-line's formats as written: payload types in preference order, or "webrtc-datachannel".
    /// When written, the payload types of <see cref="Codecs"/> missing here are appended.</summary>
    public List<string> Formats { get; } = [];

    /// <summary>The c= value, e.g. "IN IP4 127.0.0.2".</summary>
    public string? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>The a=rtcp value, e.g. "9 IN IP4 0.0.0.0" (RFC 3605).</summary>
    public string? Rtcp { get; set; }

    /// <summary>The identification tag BUNDLE groups and the RTP mid header extension refer to.</summary>
    public string? Mid { get; set; }

    /// <summary>sendrecv when the section (and the session) writes no direction.</summary>
    public SdpDirection Direction { get; set; } = SdpDirection.SendRecv;

    public bool RtcpMux { get; set; }

    public bool RtcpMuxOnly { get; set; }

    public bool RtcpRsize { get; set; }

    /// <summary>a=extmap-allow-mixed at media level (RFC 8285 §6); usually it is written at session level.</summary>
    public bool ExtmapAllowMixed { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    /// <summary>The a=ice-options value, e.g. "trickle" or "trickle renomination".</summary>
    public string? IceOptions { get; set; }

    /// <summary>The first a=fingerprint; further ones stay in <see cref="OtherAttributes"/>.</summary>
    public DtlsFingerprint? Fingerprint { get; set; }

    public DtlsSetup? Setup { get; set; }

    public List<SdpCandidate> Candidates { get; } = [];

    public bool EndOfCandidates { get; set; }

    /// <summary>The RTP payload types in the order of <see cref="Formats"/> (preference order).</summary>
    public List<SdpCodec> Codecs { get; } = [];

    public List<SdpExtmap> Extensions { get; } = [];

    /// <summary>The first a=msid; further ones stay in <see cref="OtherAttributes"/>.</summary>
    public SdpMsid? Msid { get; set; }

    public List<SdpSsrc> Ssrcs { get; } = [];

    public List<SdpSsrcGroup> SsrcGroups { get; } = [];

    /// <summary>a=sctp-port of a data channel section (RFC 8841 §5).</summary>
    public int? SctpPort { get; set; }

    /// <summary>a=max-message-size of a data channel section (RFC 8841 §6); 0 means no limit.</summary>
    public ulong? MaxMessageSize { get; set; }

    /// <summary>Attributes not modelled (a=rid, a=simulcast, a=rtcp-fb:*, a=bundle-only, …) in the order written.</summary>
    public List<SdpAttribute> OtherAttributes { get; } = [];

    /// <summary>i= and k= lines, whole ("i=…"), in the order written.</summary>
    public List<string> OtherLines { get; } = [];

    /// <summary>Whether the protocol is an RTP profile, so that formats are payload types.</summary>
    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first codec of that encoding name (ignoring case), the most preferred.</summary>
    public SdpCodec? FindCodec(string name) =>
        Codecs.Find(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The codec of a payload type.</summary>
    public SdpCodec? FindCodec(byte payloadType) => Codecs.Find(c => c.PayloadType == payloadType);

    /// <summary>The rtx codec whose apt is <paramref name="payloadType"/> (RFC 4588 §8.1).</summary>
    public SdpCodec? RtxFor(byte payloadType) =>
        Codecs.Find(c => c.IsRtx && c.AssociatedPayloadType == payloadType);

    /// <summary>The extmap of a URI, e.g. <see cref="SdpExtmap.SdesMid"/>.</summary>
    public SdpExtmap? FindExtension(string uri) => Extensions.Find(e => e.Uri == uri);

    /// <summary>Adds a codec and lists its payload type on the m-line.</summary>
    public SdpCodec AddCodec(SdpCodec codec)
    {
        Codecs.Add(codec);
        var format = SdpTokens.Invariant(codec.PayloadType);
        if (!Formats.Contains(format))
        {
            Formats.Add(format);
        }

        return codec;
    }

    /// <summary>Every SSRC named by a=ssrc or a=ssrc-group, each once, in the order first named.</summary>
    public IEnumerable<uint> DistinctSsrcs =>
        Ssrcs.Select(s => s.Ssrc).Concat(SsrcGroups.SelectMany(g => g.Ssrcs)).Distinct();

    /// <summary>The SSRCs of every a=ssrc-group with those semantics ("FID", "SIM"), in order, each once.</summary>
    public IEnumerable<uint> SsrcsOf(string semantics) =>
        SsrcGroups.Where(g => g.Semantics.Equals(semantics, StringComparison.OrdinalIgnoreCase))
            .SelectMany(g => g.Ssrcs).Distinct();

    /// <summary>The first SSRC that is not a retransmission SSRC (the second member of a FID group).</summary>
    public uint? PrimarySsrc
    {
        get
        {
            foreach (var ssrc in DistinctSsrcs)
            {
                if (!SsrcGroups.Exists(g => IsFid(g) && g.Ssrcs.Count >= 2 && g.Ssrcs[1] == ssrc))
                {
                    return ssrc;
                }
            }

            return null;
        }
    }

    /// <summary>The RTX SSRC paired with <paramref name="ssrc"/> by "a=ssrc-group:FID ssrc rtx".</summary>
    public uint? RtxSsrcFor(uint ssrc) =>
        SsrcGroups.Find(g => IsFid(g) && g.Ssrcs.Count >= 2 && g.Ssrcs[0] == ssrc) is { } group ? group.Ssrcs[1] : null;

    /// <summary>A source attribute of one SSRC, e.g. SsrcAttribute(1234, "cname").</summary>
    public string? SsrcAttribute(uint ssrc, string attribute) =>
        Ssrcs.Find(s => s.Ssrc == ssrc && s.Attribute == attribute)?.Value;

    /// <summary>The values of the attributes kept raw under that name, e.g. OtherValues("rid").</summary>
    public IEnumerable<string> OtherValues(string name) =>
        OtherAttributes.Where(a => a.Name == name && a.Value is not null).Select(a => a.Value!);

    private static bool IsFid(SdpSsrcGroup group) =>
        group.Semantics.Equals(SdpSsrcGroup.Fid, StringComparison.OrdinalIgnoreCase);
}
