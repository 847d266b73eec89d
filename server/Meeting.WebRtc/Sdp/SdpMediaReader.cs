namespace Meeting.WebRtc.Sdp;

/// <summary>Reads the lines of one m-section; its codecs are assembled by an <see cref="SdpCodecTable"/>.</summary>
/// <remarks>RFC 8866 §5.14; RFC 8285 §5; RFC 5576 §4; RFC 8830 §2; RFC 8841 §5-6.</remarks>
internal sealed class SdpMediaReader
{
    private readonly SdpCodecTable _codecs = new();
    private readonly SdpTransportFields _transport = new();
    private bool _hasDirection;

    private SdpMediaReader(MediaDescription media) => Media = media;

    public MediaDescription Media { get; }

    /// <summary>Reads the m= value: &lt;media&gt; &lt;port&gt;[/&lt;number&gt;] &lt;proto&gt; &lt;fmt&gt; ….</summary>
    public static string? TryStart(string value, SdpDirection defaultDirection, out SdpMediaReader? reader)
    {
        reader = null;
        var fields = SdpTokens.Fields(value);
        if (fields.Length < 4)
        {
            return "m= is not '<media> <port> <proto> <fmt> …'";
        }

        // RFC 8866 §9: media = token, proto = token *("/" token).
        if (!SdpTokens.IsToken(fields[0]) || !Array.TrueForAll(fields[2].Split('/'), SdpTokens.IsToken))
        {
            return "m= media is not a token or protocol is not tokens joined by '/'";
        }

        var ports = fields[1].Split('/');
        if (ports.Length > 2 || !SdpTokens.TryParsePort(ports[0], out var port))
        {
            return $"m= port '{SdpReader.Excerpt(fields[1])}' is not a number 0-65535";
        }

        int? portCount = null;
        if (ports.Length == 2)
        {
            if (!SdpTokens.TryParseInt(ports[1], 1, 65535, out var count))
            {
                return $"m= port count '{SdpReader.Excerpt(ports[1])}' is not a number 1-65535";
            }

            portCount = count;
        }

        if (fields.Length - 3 > SessionDescription.MaxCodecsPerMedia)
        {
            return $"m= lists {fields.Length - 3} formats, more than {SessionDescription.MaxCodecsPerMedia}";
        }

        var media = new MediaDescription(fields[0], port, fields[2]) { PortCount = portCount, Direction = defaultDirection };
        var candidate = new SdpMediaReader(media);
        for (var i = 3; i < fields.Length; i++)
        {
            if (media.IsRtp)
            {
                if (!SdpTokens.TryParsePayloadType(fields[i], out var payloadType))
                {
                    return $"m= format '{SdpReader.Excerpt(fields[i])}' is not an RTP payload type 0-127";
                }

                if (!candidate._codecs.AddFormat(payloadType))
                {
                    return $"m= lists payload type {payloadType} twice";
                }

                // Canonical spelling, so "096" and "96" are one payload type when written back.
                fields[i] = SdpTokens.Invariant(payloadType);
            }

            media.Formats.Add(fields[i]);
        }

        reader = candidate;
        return null;
    }

    public string? Attribute(string name, string? value, int line)
    {
        var error = _transport.Read(name, value, Media.OtherAttributes, out var handled);
        if (handled)
        {
            return error;
        }

        if (!Media.IsRtp && name is "rtpmap" or "fmtp" or "rtcp-fb")
        {
            // Not RTP (an SCTP section): its formats are not payload types, keep such lines as written.
            Media.OtherAttributes.Add(new SdpAttribute(name, value));
            return null;
        }

        switch (name)
        {
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                if (_hasDirection)
                {
                    return "a second direction attribute in the m-section";
                }

                _hasDirection = true;
                SdpTokens.TryParseDirection(name, out var direction);
                return SdpReader.Flag(name, value, () => Media.Direction = direction);
            case "rtcp-mux":
                return SdpReader.Flag(name, value, () => Media.RtcpMux = true);
            case "rtcp-mux-only":
                return SdpReader.Flag(name, value, () => Media.RtcpMuxOnly = true);
            case "rtcp-rsize":
                return SdpReader.Flag(name, value, () => Media.RtcpRsize = true);
            case "extmap-allow-mixed":
                return SdpReader.Flag(name, value, () => Media.ExtmapAllowMixed = true);
            case "end-of-candidates":
                return SdpReader.Flag(name, value, () => Media.EndOfCandidates = true);
        }

        if (value is null)
        {
            return IsModelled(name) ? $"a={name} needs a value" : Keep(name, value);
        }

        switch (name)
        {
            case "mid":
                if (Media.Mid is not null)
                {
                    return "a second a=mid in the m-section";
                }

                if (!SdpTokens.IsToken(value))
                {
                    return $"a=mid '{SdpReader.Excerpt(value)}' is not a token (RFC 5888 §4)";
                }

                Media.Mid = value;
                return null;
            case "rtcp":
                if (Media.Rtcp is not null)
                {
                    return "a second a=rtcp";
                }

                Media.Rtcp = value;
                return null;
            case "msid":
                return ReadMsid(value);
            case "candidate":
                error = SdpCandidate.ParseFields(value, out var parsed);
                if (parsed is not null)
                {
                    Media.Candidates.Add(parsed);
                }

                return error;
            case "extmap":
                return ReadExtmap(value);
            case "rtpmap":
                return _codecs.ReadRtpmap(value, line);
            case "fmtp":
                return _codecs.ReadFmtp(value, line);
            case "rtcp-fb":
                return _codecs.ReadRtcpFeedback(value, line, Media.OtherAttributes);
            case "ssrc":
                return ReadSsrc(value);
            case "ssrc-group":
                return ReadSsrcGroup(value);
            case "sctp-port":
                if (Media.SctpPort is not null || !SdpTokens.TryParsePort(value, out var sctpPort))
                {
                    return "a=sctp-port is repeated or not a port number";
                }

                Media.SctpPort = sctpPort;
                return null;
            case "max-message-size":
                if (Media.MaxMessageSize is not null || !SdpTokens.TryParseULong(value, out var size))
                {
                    return "a=max-message-size is repeated or not a number";
                }

                Media.MaxMessageSize = size;
                return null;
            default:
                return Keep(name, value);
        }
    }

    /// <summary>Ends the section: codecs in m-line order, the transport attributes copied over.</summary>
    public string? Finish()
    {
        Media.IceUfrag = _transport.IceUfrag;
        Media.IcePwd = _transport.IcePwd;
        Media.IceOptions = _transport.IceOptions;
        Media.Fingerprint = _transport.Fingerprint;
        Media.Setup = _transport.Setup;
        if (!Media.IsRtp)
        {
            return null;
        }

        return _codecs.Finish(Media.Formats, Media.Codecs);
    }

    private string? Keep(string name, string? value)
    {
        Media.OtherAttributes.Add(new SdpAttribute(name, value));
        return null;
    }

    private static bool IsModelled(string name) => name is "mid" or "rtcp" or "msid" or "candidate" or "extmap"
        or "rtpmap" or "fmtp" or "rtcp-fb" or "ssrc" or "ssrc-group" or "sctp-port" or "max-message-size";

    /// <remarks>RFC 8830 §2: msid-id [SP msid-appdata]; a further a=msid is kept raw.</remarks>
    private string? ReadMsid(string value)
    {
        var stream = SdpTokens.FirstField(value, out var track);
        if (!SdpTokens.IsToken(stream))
        {
            return "a=msid stream id is not a token (RFC 8830 §2)";
        }

        if (Media.Msid is not null)
        {
            return Keep("msid", value);
        }

        Media.Msid = new SdpMsid(stream, track.Length == 0 ? null : track);
        return null;
    }

    /// <remarks>RFC 8285 §5: &lt;value&gt;["/"&lt;direction&gt;] &lt;URI&gt; [&lt;extensionattributes&gt;].</remarks>
    private string? ReadExtmap(string value)
    {
        var idText = SdpTokens.FirstField(value, out var rest);
        var uri = SdpTokens.FirstField(rest, out var attributes);
        var parts = idText.Split('/');
        if (parts.Length > 2 || !SdpTokens.TryParseInt(parts[0], SdpExtmap.MinId, SdpExtmap.MaxId, out var id))
        {
            return $"a=extmap id '{SdpReader.Excerpt(idText)}' is not 1-255 (RFC 8285 §5)";
        }

        SdpDirection? direction = null;
        if (parts.Length == 2)
        {
            if (!SdpTokens.TryParseDirection(parts[1], out var parsed))
            {
                return $"a=extmap direction '{SdpReader.Excerpt(parts[1])}' is not sendrecv, sendonly, recvonly or inactive";
            }

            direction = parsed;
        }

        if (!SdpTokens.IsField(uri))
        {
            return "a=extmap has no URI";
        }

        if (Media.Extensions.Exists(e => e.Id == id))
        {
            return $"a=extmap id {id} is used twice in the m-section";
        }

        attributes = attributes.TrimEnd(' ');
        Media.Extensions.Add(new SdpExtmap(id, uri, direction, attributes.Length == 0 ? null : attributes));
        return null;
    }

    /// <remarks>RFC 5576 §4.1: &lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;].</remarks>
    private string? ReadSsrc(string value)
    {
        var idText = SdpTokens.FirstField(value, out var rest);
        if (!SdpTokens.TryParseUInt(idText, out var ssrc))
        {
            return $"a=ssrc '{SdpReader.Excerpt(idText)}' is not a 32-bit number (RFC 5576 §4.1)";
        }

        var colon = rest.IndexOf(':');
        var attribute = colon < 0 ? rest.TrimEnd(' ') : rest[..colon];
        if (!SdpTokens.IsToken(attribute))
        {
            return "a=ssrc has no source attribute (RFC 5576 §4.1)";
        }

        Media.Ssrcs.Add(new SdpSsrc(ssrc, attribute, colon < 0 ? null : rest[(colon + 1)..]));
        return null;
    }

    /// <remarks>RFC 5576 §4.2: &lt;semantics&gt; *(SP &lt;ssrc-id&gt;).</remarks>
    private string? ReadSsrcGroup(string value)
    {
        var fields = SdpTokens.Fields(value);
        if (fields.Length == 0 || !SdpTokens.IsToken(fields[0]))
        {
            return "a=ssrc-group has no semantics";
        }

        var group = new SdpSsrcGroup { Semantics = fields[0] };
        for (var i = 1; i < fields.Length; i++)
        {
            if (!SdpTokens.TryParseUInt(fields[i], out var ssrc))
            {
                return $"a=ssrc-group member '{SdpReader.Excerpt(fields[i])}' is not a 32-bit number";
            }

            group.Ssrcs.Add(ssrc);
        }

        Media.SsrcGroups.Add(group);
        return null;
    }
}
