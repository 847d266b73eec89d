namespace Meeting.WebRtc.Sdp;

/// <summary>Assembles the codecs of one m-section from its a=rtpmap, a=fmtp and a=rtcp-fb lines, which may
/// come in any order (Firefox writes every fmtp before any rtpmap), and puts them in m-line order at the end.
/// A line for a payload type the m-line does not list is an error.</summary>
/// <remarks>RFC 8866 §6.6 and §6.15; RFC 4585 §4.2; static payload types from RFC 3551 §6.</remarks>
internal sealed class SdpCodecTable
{
    private readonly Dictionary<byte, PendingCodec> _codecs = [];
    private readonly HashSet<byte> _formats = [];

    /// <summary>Records a payload type of the m-line; false when it is listed twice.</summary>
    public bool AddFormat(byte payloadType) => _formats.Add(payloadType);

    /// <remarks>RFC 8866 §6.6: &lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;].</remarks>
    public string? ReadRtpmap(string value, int line)
    {
        var error = PayloadTypeOf("rtpmap", value, line, out var pending, out var rest);
        if (error is not null)
        {
            return error;
        }

        if (pending!.HasRtpmap)
        {
            return $"a second a=rtpmap for payload type {pending.Codec.PayloadType}";
        }

        var parts = rest.TrimEnd(' ').Split('/');
        if (parts.Length is < 2 or > 3 || !SdpTokens.IsToken(parts[0]))
        {
            return "a=rtpmap is not '<pt> <name>/<clock rate>[/<channels>]'";
        }

        if (!SdpTokens.TryParseInt(parts[1], 1, int.MaxValue, out var clockRate))
        {
            return $"a=rtpmap clock rate '{SdpReader.Excerpt(parts[1])}' is not a positive number";
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpTokens.TryParseInt(parts[2], 1, 255, out var count))
            {
                return $"a=rtpmap channel count '{SdpReader.Excerpt(parts[2])}' is not 1-255";
            }

            channels = count;
        }

        pending.HasRtpmap = true;
        pending.Codec.Name = parts[0];
        pending.Codec.ClockRate = clockRate;
        pending.Codec.Channels = channels;
        return null;
    }

    /// <remarks>RFC 8866 §6.15: a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;.</remarks>
    public string? ReadFmtp(string value, int line)
    {
        var error = PayloadTypeOf("fmtp", value, line, out var pending, out var rest);
        if (error is not null)
        {
            return error;
        }

        if (pending!.Codec.Parameters is not null)
        {
            return $"a second a=fmtp for payload type {pending.Codec.PayloadType}";
        }

        rest = rest.TrimEnd(' ');
        if (rest.Length == 0)
        {
            return "a=fmtp has no parameters";
        }

        pending.Codec.Parameters = rest;
        return null;
    }

    /// <remarks>RFC 4585 §4.2: a=rtcp-fb:&lt;rtcp-fb-pt&gt; &lt;rtcp-fb-val&gt;; the "*" wildcard is kept raw.</remarks>
    public string? ReadRtcpFeedback(string value, int line, List<SdpAttribute> others)
    {
        if (value.StartsWith('*'))
        {
            others.Add(new SdpAttribute("rtcp-fb", value));
            return null;
        }

        var error = PayloadTypeOf("rtcp-fb", value, line, out var pending, out var rest);
        if (error is not null)
        {
            return error;
        }

        rest = rest.TrimEnd(' ');
        if (rest.Length == 0)
        {
            return "a=rtcp-fb has no feedback type";
        }

        pending!.Codec.FeedbackTypes.Add(rest);
        return null;
    }

    /// <summary>The codecs in the order of <paramref name="formats"/>; a payload type with fmtp or rtcp-fb but
    /// no rtpmap is an error unless it is static.</summary>
    public string? Finish(List<string> formats, List<SdpCodec> codecs)
    {
        foreach (var format in formats)
        {
            SdpTokens.TryParsePayloadType(format, out var payloadType);
            if (_codecs.TryGetValue(payloadType, out var pending))
            {
                if (!pending.HasRtpmap)
                {
                    if (RtpStaticPayloadTypes.Lookup(payloadType) is not { } known)
                    {
                        return $"line {pending.FirstLine}: payload type {payloadType} has a=fmtp or a=rtcp-fb but no a=rtpmap";
                    }

                    pending.Codec.Name = known.Name;
                    pending.Codec.ClockRate = known.ClockRate;
                    pending.Codec.Channels = known.Channels;
                }

                codecs.Add(pending.Codec);
            }
            else if (RtpStaticPayloadTypes.Lookup(payloadType) is { } known)
            {
                codecs.Add(known);
            }
        }

        return null;
    }

    private string? PayloadTypeOf(string name, string value, int line, out PendingCodec? pending, out string rest)
    {
        pending = null;
        var text = SdpTokens.FirstField(value, out rest);
        if (!SdpTokens.TryParsePayloadType(text, out var payloadType))
        {
            return $"a={name} payload type '{SdpReader.Excerpt(text)}' is not 0-127";
        }

        if (!_formats.Contains(payloadType))
        {
            return $"a={name} for payload type {payloadType}, which the m-line does not list";
        }

        if (!_codecs.TryGetValue(payloadType, out pending))
        {
            pending = new PendingCodec(new SdpCodec { PayloadType = payloadType }, line);
            _codecs.Add(payloadType, pending);
        }

        return null;
    }

    private sealed class PendingCodec(SdpCodec codec, int firstLine)
    {
        public SdpCodec Codec { get; } = codec;

        public int FirstLine { get; } = firstLine;

        public bool HasRtpmap { get; set; }
    }
}
