using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Meeting.WebRtc.Sdp;

/// <summary>An ICE candidate, as written in a=candidate lines and in trickled RTCIceCandidate strings.</summary>
/// <remarks>RFC 8839 §5.1: foundation SP component-id SP transport SP priority SP connection-address SP
/// port SP "typ" SP cand-type [SP "raddr" SP addr] [SP "rport" SP port] *(SP extension-att-name SP
/// extension-att-value). tcptype is RFC 6544 §4.5. The transport and the type are kept as written
/// (Firefox writes "UDP", Chromium "udp").</remarks>
public sealed class SdpCandidate
{
    /// <summary>The attribute name, and the prefix of a trickled candidate string.</summary>
    public const string AttributeName = "candidate";

    /// <summary>foundation is 1-32 ice-chars (RFC 8839 §5.1).</summary>
    public const int MaxFoundationLength = 32;

    /// <summary>component-id is 1-256 (RFC 8839 §5.1); with rtcp-mux only component 1 is used.</summary>
    public const int MaxComponent = 256;

    public const string Host = "host";
    public const string ServerReflexive = "srflx";
    public const string PeerReflexive = "prflx";
    public const string Relayed = "relay";

    /// <summary>Candidates with the same type, base and server share a foundation (RFC 8445 §5.1.1.3).</summary>
    public string Foundation { get; set; } = "1";

    /// <summary>1 for RTP (and everything, with rtcp-mux), 2 for RTCP.</summary>
    public int Component { get; set; } = 1;

    /// <summary>"udp" or "tcp", as written.</summary>
    public string Transport { get; set; } = "udp";

    /// <summary>The priority of RFC 8445 §5.1.2.</summary>
    public uint Priority { get; set; }

    /// <summary>An IP address, or an mDNS name ending in ".local" (browsers hide host addresses that way).</summary>
    public string Address { get; set; } = string.Empty;

    public int Port { get; set; }

    /// <summary>"host", "srflx", "prflx" or "relay", as written.</summary>
    public string Type { get; set; } = Host;

    public string? RelatedAddress { get; set; }

    public int? RelatedPort { get; set; }

    /// <summary>"active", "passive" or "so" for TCP candidates (RFC 6544 §4.5).</summary>
    public string? TcpType { get; set; }

    /// <summary>Other name/value pairs in the order written, e.g. ("generation", "0"), ("network-id", "1").</summary>
    public List<KeyValuePair<string, string>> Extensions { get; } = [];

    public bool IsUdp => Transport.Equals("udp", StringComparison.OrdinalIgnoreCase);

    public bool IsTcp => Transport.Equals("tcp", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a candidate given as "a=candidate:…", "candidate:…" (a trickled RTCIceCandidate's
    /// string) or just the fields. An empty string (a trickled end-of-candidates) is refused. Never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SdpCandidate? candidate) =>
        TryParse(text, out candidate, out _);

    /// <inheritdoc cref="TryParse(string?, out SdpCandidate?)"/>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SdpCandidate? candidate, out string? error)
    {
        candidate = null;
        if (text is null)
        {
            error = "no candidate";
            return false;
        }

        var value = text.Trim(' ', '\r', '\n');
        if (value.StartsWith("a=", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.StartsWith(AttributeName + ":", StringComparison.OrdinalIgnoreCase))
        {
            value = value[(AttributeName.Length + 1)..];
        }

        error = ParseFields(value, out candidate);
        return error is null;
    }

    /// <summary>The candidate-attribute form, "candidate:…" (what a trickled RTCIceCandidate carries);
    /// an SDP line is this after "a=".</summary>
    public override string ToString()
    {
        var text = new StringBuilder(96);
        text.Append(AttributeName).Append(':').Append(Foundation)
            .Append(' ').Append(Component)
            .Append(' ').Append(Transport)
            .Append(' ').Append(Priority)
            .Append(' ').Append(Address)
            .Append(' ').Append(Port)
            .Append(" typ ").Append(Type);
        if (RelatedAddress is not null)
        {
            text.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } relatedPort)
        {
            text.Append(" rport ").Append(relatedPort);
        }

        if (TcpType is not null)
        {
            text.Append(" tcptype ").Append(TcpType);
        }

        foreach (var (name, extension) in Extensions)
        {
            text.Append(' ').Append(name).Append(' ').Append(extension);
        }

        return text.ToString();
    }

    /// <summary>Parses the fields after "candidate:"; returns null, or what is wrong.</summary>
    internal static string? ParseFields(string value, out SdpCandidate? candidate)
    {
        candidate = null;
        if (value.Contains('\0') || value.Contains('\r') || value.Contains('\n'))
        {
            return "candidate contains a control character";
        }

        var fields = SdpTokens.Fields(value);
        if (fields.Length < 8)
        {
            return $"candidate has {fields.Length} fields, at least 8 are needed (foundation component transport priority address port typ type)";
        }

        if (!SdpTokens.IsIceChars(fields[0], 1, MaxFoundationLength))
        {
            return $"candidate foundation '{fields[0]}' is not 1-32 ice-chars";
        }

        if (!SdpTokens.TryParseInt(fields[1], 1, MaxComponent, out var component))
        {
            return $"candidate component '{fields[1]}' is not 1-256";
        }

        if (!SdpTokens.IsToken(fields[2]))
        {
            return $"candidate transport '{fields[2]}' is not a token";
        }

        if (!SdpTokens.TryParseUInt(fields[3], out var priority))
        {
            return $"candidate priority '{fields[3]}' is not a 32-bit number";
        }

        if (!SdpTokens.TryParsePort(fields[5], out var port))
        {
            return $"candidate port '{fields[5]}' is not 0-65535";
        }

        if (!fields[6].Equals("typ", StringComparison.OrdinalIgnoreCase))
        {
            return $"candidate has '{fields[6]}' where 'typ' belongs";
        }

        if (!SdpTokens.IsToken(fields[7]))
        {
            return $"candidate type '{fields[7]}' is not a token";
        }

        var parsed = new SdpCandidate
        {
            Foundation = fields[0],
            Component = component,
            Transport = fields[2],
            Priority = priority,
            Address = fields[4],
            Port = port,
            Type = fields[7],
        };

        for (var i = 8; i < fields.Length; i += 2)
        {
            if (i + 1 == fields.Length)
            {
                return $"candidate extension '{fields[i]}' has no value";
            }

            var error = parsed.AddExtension(fields[i], fields[i + 1]);
            if (error is not null)
            {
                return error;
            }
        }

        candidate = parsed;
        return null;
    }

    private string? AddExtension(string name, string value)
    {
        switch (name)
        {
            case "raddr" when RelatedAddress is null:
                RelatedAddress = value;
                return null;
            case "rport" when RelatedPort is null:
                if (!SdpTokens.TryParsePort(value, out var relatedPort))
                {
                    return $"candidate rport '{value}' is not 0-65535";
                }

                RelatedPort = relatedPort;
                return null;
            case "tcptype" when TcpType is null:
                TcpType = value;
                return null;
            case "raddr" or "rport" or "tcptype":
                return $"candidate has '{name}' twice";
            default:
                Extensions.Add(new(name, value));
                return null;
        }
    }
}
