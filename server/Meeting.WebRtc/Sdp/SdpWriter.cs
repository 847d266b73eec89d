using System.Text;

namespace Meeting.WebRtc.Sdp;

/// <summary>Writes a <see cref="SessionDescription"/> as canonical SDP: CRLF line ends (RFC 8866 §5), the
/// line types in the order RFC 8866 §5 fixes, and attributes in the order Chromium writes them.</summary>
internal static class SdpWriter
{
    public static string Write(SessionDescription description)
    {
        var sdp = new StringBuilder(2048);
        Line(sdp, 'v', SdpTokens.Invariant(description.Version));
        Line(sdp, 'o', description.Origin.ToString());
        Line(sdp, 's', description.SessionName);
        OtherLines(sdp, description.OtherLines, "iuep");
        if (description.Connection is not null)
        {
            Line(sdp, 'c', description.Connection);
        }

        foreach (var bandwidth in description.Bandwidths)
        {
            Line(sdp, 'b', bandwidth.ToString());
        }

        Line(sdp, 't', description.Timing.ToString());
        OtherLines(sdp, description.OtherLines, "rzk");
        foreach (var group in description.Groups)
        {
            Attribute(sdp, "group", group.ToString());
        }

        Flag(sdp, "extmap-allow-mixed", description.ExtmapAllowMixed);
        Attribute(sdp, "msid-semantic", description.MsidSemantic);
        Flag(sdp, "ice-lite", description.IceLite);
        Attribute(sdp, "ice-ufrag", description.IceUfrag);
        Attribute(sdp, "ice-pwd", description.IcePwd);
        Attribute(sdp, "ice-options", description.IceOptions);
        Attribute(sdp, "fingerprint", description.Fingerprint?.ToString());
        Attribute(sdp, "setup", description.Setup is { } setup ? SdpTokens.ToToken(setup) : null);
        if (description.Direction is { } direction)
        {
            Flag(sdp, SdpTokens.ToToken(direction), true);
        }

        OtherAttributes(sdp, description.OtherAttributes);
        foreach (var media in description.Media)
        {
            WriteMedia(sdp, media, description.Direction ?? SdpDirection.SendRecv);
        }

        return sdp.ToString();
    }

    private static void WriteMedia(StringBuilder sdp, MediaDescription media, SdpDirection sessionDirection)
    {
        sdp.Append("m=").Append(media.Kind).Append(' ').Append(media.Port);
        if (media.PortCount is { } portCount)
        {
            sdp.Append('/').Append(portCount);
        }

        sdp.Append(' ').Append(media.Protocol);
        foreach (var format in FormatsOf(media))
        {
            sdp.Append(' ').Append(format);
        }

        sdp.Append("\r\n");
        OtherLines(sdp, media.OtherLines, "i");
        if (media.Connection is not null)
        {
            Line(sdp, 'c', media.Connection);
        }

        foreach (var bandwidth in media.Bandwidths)
        {
            Line(sdp, 'b', bandwidth.ToString());
        }

        OtherLines(sdp, media.OtherLines, "k");
        Attribute(sdp, "rtcp", media.Rtcp);
        Attribute(sdp, "ice-ufrag", media.IceUfrag);
        Attribute(sdp, "ice-pwd", media.IcePwd);
        Attribute(sdp, "ice-options", media.IceOptions);
        Attribute(sdp, "fingerprint", media.Fingerprint?.ToString());
        Attribute(sdp, "setup", media.Setup is { } setup ? SdpTokens.ToToken(setup) : null);
        Attribute(sdp, "mid", media.Mid);
        Attribute(sdp, "sctp-port", media.SctpPort is { } sctpPort ? SdpTokens.Invariant(sctpPort) : null);
        Attribute(sdp, "max-message-size", media.MaxMessageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var extension in media.Extensions)
        {
            Attribute(sdp, "extmap", extension.ToString());
        }

        Flag(sdp, "extmap-allow-mixed", media.ExtmapAllowMixed);
        // JSEP writes a direction in every RTP section; a data channel section gets one only when it
        // differs from what a reader would assume.
        if (media.IsRtp || media.Direction != sessionDirection)
        {
            Flag(sdp, SdpTokens.ToToken(media.Direction), true);
        }

        Attribute(sdp, "msid", media.Msid?.ToString());
        Flag(sdp, "rtcp-mux", media.RtcpMux);
        Flag(sdp, "rtcp-mux-only", media.RtcpMuxOnly);
        Flag(sdp, "rtcp-rsize", media.RtcpRsize);
        foreach (var codec in media.Codecs)
        {
            Attribute(sdp, "rtpmap", codec.RtpmapValue());
            foreach (var feedback in codec.FeedbackTypes)
            {
                Attribute(sdp, "rtcp-fb", $"{codec.PayloadType} {feedback}");
            }

            if (!string.IsNullOrEmpty(codec.Parameters))
            {
                Attribute(sdp, "fmtp", $"{codec.PayloadType} {codec.Parameters}");
            }
        }

        foreach (var group in media.SsrcGroups)
        {
            Attribute(sdp, "ssrc-group", group.ToString());
        }

        foreach (var ssrc in media.Ssrcs)
        {
            Attribute(sdp, "ssrc", ssrc.ToString());
        }

        foreach (var candidate in media.Candidates)
        {
            sdp.Append("a=").Append(candidate.ToString()).Append("\r\n");
        }

        Flag(sdp, "end-of-candidates", media.EndOfCandidates);
        OtherAttributes(sdp, media.OtherAttributes);
    }

    /// <summary>The m-line's formats, followed by the payload types of codecs the caller added to
    /// <see cref="MediaDescription.Codecs"/> without listing them, so that every rtpmap written is listed.</summary>
    private static IEnumerable<string> FormatsOf(MediaDescription media)
    {
        foreach (var format in media.Formats)
        {
            yield return format;
        }

        foreach (var codec in media.Codecs)
        {
            var format = SdpTokens.Invariant(codec.PayloadType);
            if (!media.Formats.Contains(format))
            {
                yield return format;
            }
        }
    }

    private static void Line(StringBuilder sdp, char type, string value) =>
        sdp.Append(type).Append('=').Append(value).Append("\r\n");

    private static void Attribute(StringBuilder sdp, string name, string? value)
    {
        if (value is not null)
        {
            sdp.Append("a=").Append(name).Append(':').Append(value).Append("\r\n");
        }
    }

    private static void Flag(StringBuilder sdp, string name, bool present)
    {
        if (present)
        {
            sdp.Append("a=").Append(name).Append("\r\n");
        }
    }

    private static void OtherAttributes(StringBuilder sdp, List<SdpAttribute> attributes)
    {
        foreach (var attribute in attributes)
        {
            sdp.Append("a=").Append(attribute.ToString()).Append("\r\n");
        }
    }

    private static void OtherLines(StringBuilder sdp, List<string> lines, string types)
    {
        foreach (var line in lines)
        {
            if (line.Length > 0 && types.Contains(line[0]))
            {
                sdp.Append(line).Append("\r\n");
            }
        }
    }
}
