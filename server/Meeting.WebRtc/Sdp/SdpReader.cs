using System.Text;

namespace Meeting.WebRtc.Sdp;

/// <summary>Reads SDP text line by line into a <see cref="SessionDescription"/>; session-level lines here,
/// each m-section in a <see cref="SdpMediaReader"/>. Every failure is an error string naming the line,
/// never an exception.</summary>
/// <remarks>RFC 8866 §5: &lt;type&gt;=&lt;value&gt; lines, v= first, session lines before the first m=.</remarks>
internal sealed class SdpReader
{
    private const int ExcerptLength = 40;

    private readonly SessionDescription _description = new();
    private readonly SdpTransportFields _transport = new();
    private readonly List<(SdpGroup Group, int Line)> _groups = [];
    private readonly Dictionary<string, int> _mids = new(StringComparer.Ordinal);
    private SdpMediaReader? _media;
    private bool _hasOrigin;
    private bool _hasName;
    private bool _hasTiming;
    private bool _hasConnection;
    private int _sessionEndLine;

    public static bool TryRead(string? text, out SessionDescription? description, out string? error)
    {
        description = null;
        if (text is null)
        {
            error = "no SDP text";
            return false;
        }

        if (text.Length > SessionDescription.MaxTextBytes || Encoding.UTF8.GetByteCount(text) > SessionDescription.MaxTextBytes)
        {
            error = $"the text is longer than {SessionDescription.MaxTextBytes} bytes";
            return false;
        }

        var reader = new SdpReader();
        error = reader.Read(text);
        if (error is not null)
        {
            return false;
        }

        // Limits hold for the canonical form too, so whatever parses here parses again once written.
        var canonical = SdpWriter.Write(reader._description);
        if (Encoding.UTF8.GetByteCount(canonical) > SessionDescription.MaxTextBytes
            || canonical.AsSpan().Count('\n') > SessionDescription.MaxLines)
        {
            error = $"written canonically (CRLF line ends) the description exceeds {SessionDescription.MaxTextBytes} bytes or {SessionDescription.MaxLines} lines";
            return false;
        }

        description = reader._description;
        return true;
    }

    private string? Read(string text)
    {
        var position = 0;
        var lineNumber = 0;
        var sawVersion = false;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            var line = end < 0 ? text[position..] : text[position..end];
            position = end < 0 ? text.Length : end + 1;
            if (++lineNumber > SessionDescription.MaxLines)
            {
                return $"line {lineNumber}: more than {SessionDescription.MaxLines} lines";
            }

            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            if (line.Length == 0)
            {
                continue;
            }

            string? error;
            if (line.Contains('\r') || line.Contains('\0'))
            {
                error = "a carriage return or NUL inside the line";
            }
            else if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                error = $"expected '<type>=<value>', got '{Excerpt(line)}'";
            }
            else if (!sawVersion)
            {
                sawVersion = true;
                error = line[0] != 'v' ? $"expected v=0 first, got '{Excerpt(line)}'"
                    : line != "v=0" ? $"v= is '{Excerpt(line[2..])}', only version 0 exists (RFC 8866 §5.1)"
                    : null;
            }
            else
            {
                error = _media is null ? SessionLine(line, lineNumber) : MediaLine(line, lineNumber);
            }

            if (error is not null)
            {
                return $"line {lineNumber}: {error}";
            }
        }

        if (!sawVersion)
        {
            return "line 1: no v= line (the text is empty)";
        }

        return Finish(lineNumber);
    }

    private string? SessionLine(string line, int lineNumber)
    {
        var value = line[2..];
        switch (line[0])
        {
            case 'v':
                return "a second v= line";
            case 'o':
                if (_hasOrigin)
                {
                    return "a second o= line";
                }

                _hasOrigin = true;
                return ReadOrigin(value);
            case 's':
                if (_hasName)
                {
                    return "a second s= line";
                }

                _hasName = true;
                _description.SessionName = value;
                return null;
            case 't':
                if (_hasTiming)
                {
                    return "a second t= line (only one timing is supported)";
                }

                _hasTiming = true;
                var times = SdpTokens.Fields(value);
                if (times.Length != 2 || !SdpTokens.TryParseULong(times[0], out var start) || !SdpTokens.TryParseULong(times[1], out var stop))
                {
                    return "t= is not '<start-time> <stop-time>'";
                }

                _description.Timing = new SdpTiming(start, stop);
                return null;
            case 'c':
                if (_hasConnection)
                {
                    return "a second session-level c= line";
                }

                _hasConnection = true;
                _description.Connection = ReadConnection(value, out var connectionError);
                return connectionError;
            case 'b':
                return ReadBandwidth(value, _description.Bandwidths);
            case 'i' or 'u' or 'e' or 'p' or 'r' or 'z' or 'k':
                _description.OtherLines.Add(line);
                return null;
            case 'a':
                return SessionAttribute(value, lineNumber);
            case 'm':
                return StartMedia(value, lineNumber);
            default:
                return $"unknown line type '{line[0]}=' (RFC 8866 §5 says to reject it)";
        }
    }

    private string? MediaLine(string line, int lineNumber)
    {
        var media = _media!;
        switch (line[0])
        {
            case 'm':
                var error = media.Finish();
                return error ?? StartMedia(line[2..], lineNumber);
            case 'i' or 'k':
                media.Media.OtherLines.Add(line);
                return null;
            case 'c':
                if (media.Media.Connection is not null)
                {
                    return "a second c= line in the m-section";
                }

                media.Media.Connection = ReadConnection(line[2..], out var connectionError);
                return connectionError;
            case 'b':
                return ReadBandwidth(line[2..], media.Media.Bandwidths);
            case 'a':
                if (!SplitAttribute(line[2..], out var name, out var value, out var attributeError))
                {
                    return attributeError;
                }

                if (name == "mid" && value is not null && !_mids.TryAdd(value, lineNumber))
                {
                    return $"mid '{Excerpt(value)}' is already used by the m-section at line {_mids[value]} (RFC 8843 §9.2)";
                }

                return media.Attribute(name, value, lineNumber);
            case 'v' or 'o' or 's' or 't' or 'u' or 'e' or 'p' or 'r' or 'z':
                return $"'{line[0]}=' is not allowed in an m-section";
            default:
                return $"unknown line type '{line[0]}=' (RFC 8866 §5 says to reject it)";
        }
    }

    private string? StartMedia(string value, int lineNumber)
    {
        _sessionEndLine = _sessionEndLine == 0 ? lineNumber : _sessionEndLine;
        if (_description.Media.Count == SessionDescription.MaxMediaSections)
        {
            return $"more than {SessionDescription.MaxMediaSections} m-sections";
        }

        var error = SdpMediaReader.TryStart(value, _description.Direction ?? SdpDirection.SendRecv, out _media);
        if (_media is not null)
        {
            _description.Media.Add(_media.Media);
        }

        return error;
    }

    private string? SessionAttribute(string text, int lineNumber)
    {
        if (!SplitAttribute(text, out var name, out var value, out var error))
        {
            return error;
        }

        error = _transport.Read(name, value, _description.OtherAttributes, out var handled);
        if (handled)
        {
            return error;
        }

        switch (name)
        {
            case "group":
                var fields = value is null ? [] : SdpTokens.Fields(value);
                if (fields.Length == 0 || !Array.TrueForAll(fields, SdpTokens.IsToken))
                {
                    return "a=group is not '<semantics> <mid>…' (RFC 5888 §5)";
                }

                var group = new SdpGroup(fields[0], fields[1..]);
                _description.Groups.Add(group);
                _groups.Add((group, lineNumber));
                return null;
            case "ice-lite":
                return Flag(name, value, () => _description.IceLite = true);
            case "extmap-allow-mixed":
                return Flag(name, value, () => _description.ExtmapAllowMixed = true);
            case "msid-semantic":
                if (_description.MsidSemantic is not null)
                {
                    return "a second a=msid-semantic";
                }

                _description.MsidSemantic = value?.TrimStart(' ');
                return string.IsNullOrEmpty(_description.MsidSemantic) ? "a=msid-semantic needs a value" : null;
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                if (_description.Direction is not null)
                {
                    return "a second session-level direction attribute";
                }

                SdpTokens.TryParseDirection(name, out var direction);
                return Flag(name, value, () => _description.Direction = direction);
            default:
                _description.OtherAttributes.Add(new SdpAttribute(name, value));
                return null;
        }
    }

    private string? Finish(int lastLine)
    {
        var error = _media?.Finish();
        if (error is not null)
        {
            return error;
        }

        var at = _sessionEndLine == 0 ? lastLine : _sessionEndLine;
        var missing = !_hasOrigin ? "o=" : !_hasName ? "s=" : !_hasTiming ? "t=" : null;
        if (missing is not null)
        {
            return $"line {at}: the session section has no {missing} line (RFC 8866 §5)";
        }

        _description.IceUfrag = _transport.IceUfrag;
        _description.IcePwd = _transport.IcePwd;
        _description.IceOptions = _transport.IceOptions;
        _description.Fingerprint = _transport.Fingerprint;
        _description.Setup = _transport.Setup;
        foreach (var (group, line) in _groups)
        {
            var unknown = group.Mids.Find(mid => !_mids.ContainsKey(mid));
            if (unknown is not null)
            {
                return $"line {line}: a=group:{group.Semantics} names mid '{Excerpt(unknown)}', which no m-section has (RFC 5888 §5)";
            }
        }

        return null;
    }

    private string? ReadOrigin(string value)
    {
        var fields = SdpTokens.Fields(value);
        if (fields.Length != 6)
        {
            return "o= is not '<username> <sess-id> <sess-version> <nettype> <addrtype> <address>'";
        }

        if (!SdpTokens.TryParseULong(fields[1], out var sessionId) || !SdpTokens.TryParseULong(fields[2], out var version))
        {
            return "o= session id or version is not a 64-bit number";
        }

        _description.Origin = new SdpOrigin(fields[0], sessionId, version, fields[5])
        {
            NetworkType = fields[3],
            AddressType = fields[4],
        };
        return null;
    }

    /// <remarks>RFC 8866 §5.7: c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;.</remarks>
    private static string? ReadConnection(string value, out string? error)
    {
        var fields = SdpTokens.Fields(value);
        if (fields.Length != 3)
        {
            error = "c= is not '<nettype> <addrtype> <address>'";
            return null;
        }

        error = null;
        return string.Join(' ', fields);
    }

    /// <remarks>RFC 8866 §5.8: b=&lt;bwtype&gt;:&lt;bandwidth&gt;.</remarks>
    private static string? ReadBandwidth(string value, List<SdpBandwidth> bandwidths)
    {
        var colon = value.IndexOf(':');
        if (colon <= 0 || !SdpTokens.IsToken(value[..colon]) || !SdpTokens.TryParseULong(value[(colon + 1)..], out var amount))
        {
            return "b= is not '<bwtype>:<bandwidth>'";
        }

        bandwidths.Add(new SdpBandwidth(value[..colon], amount));
        return null;
    }

    /// <summary>Splits "name:value" or "name" (RFC 8866 §5.13); the name must be a token.</summary>
    internal static bool SplitAttribute(string text, out string name, out string? value, out string? error)
    {
        var colon = text.IndexOf(':');
        name = colon < 0 ? text : text[..colon];
        value = colon < 0 ? null : text[(colon + 1)..];
        error = SdpTokens.IsToken(name) ? null : $"attribute name '{Excerpt(name)}' is not a token";
        return error is null;
    }

    /// <summary>A property attribute (no value) such as a=rtcp-mux; a value is refused rather than dropped.</summary>
    internal static string? Flag(string name, string? value, Action set)
    {
        if (value is not null)
        {
            return $"a={name} takes no value";
        }

        set();
        return null;
    }

    internal static string Excerpt(string text) => text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
}
