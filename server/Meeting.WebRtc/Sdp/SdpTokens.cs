using System.Globalization;

namespace Meeting.WebRtc.Sdp;

/// <summary>The small lexical pieces of SDP shared by the reader, the writer and the value types.</summary>
internal static class SdpTokens
{
    /// <summary>ice-ufrag is 4-256 ice-chars (RFC 8839 §5.4).</summary>
    public const int MinIceUfragLength = 4;

    /// <summary>ice-pwd is 22-256 ice-chars (RFC 8839 §5.4).</summary>
    public const int MinIcePwdLength = 22;

    /// <summary>The upper bound of both ice-ufrag and ice-pwd (RFC 8839 §5.4).</summary>
    public const int MaxIceCredentialLength = 256;

    public static string ToToken(SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static bool TryParseDirection(string token, out SdpDirection direction)
    {
        switch (token)
        {
            case "sendrecv": direction = SdpDirection.SendRecv; return true;
            case "sendonly": direction = SdpDirection.SendOnly; return true;
            case "recvonly": direction = SdpDirection.RecvOnly; return true;
            case "inactive": direction = SdpDirection.Inactive; return true;
            default: direction = default; return false;
        }
    }

    public static string ToToken(DtlsSetup setup) => setup switch
    {
        DtlsSetup.Active => "active",
        DtlsSetup.Passive => "passive",
        DtlsSetup.HoldConn => "holdconn",
        _ => "actpass",
    };

    /// <remarks>RFC 4145 §4: role = "active" / "passive" / "actpass" / "holdconn".</remarks>
    public static bool TryParseSetup(string token, out DtlsSetup setup)
    {
        switch (token)
        {
            case "actpass": setup = DtlsSetup.ActPass; return true;
            case "active": setup = DtlsSetup.Active; return true;
            case "passive": setup = DtlsSetup.Passive; return true;
            case "holdconn": setup = DtlsSetup.HoldConn; return true;
            default: setup = default; return false;
        }
    }

    /// <summary>Splits on spaces, dropping empty pieces, so runs of spaces never make empty fields.</summary>
    public static string[] Fields(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits off the first space-separated field; <paramref name="rest"/> has its leading spaces removed.</summary>
    public static string FirstField(string value, out string rest)
    {
        var trimmed = value.TrimStart(' ');
        var space = trimmed.IndexOf(' ');
        if (space < 0)
        {
            rest = string.Empty;
            return trimmed;
        }

        rest = trimmed[(space + 1)..].TrimStart(' ');
        return trimmed[..space];
    }

    /// <summary>Decimal digits only: no sign, no spaces, no exponent (SDP integers are digit strings).</summary>
    public static bool TryParseULong(string text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseUInt(string text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    /// <summary>A port number, 0-65535 (0 marks a rejected m-section, RFC 8829 §5.3.1).</summary>
    public static bool TryParsePort(string text, out int port) => TryParseInt(text, 0, 65535, out port);

    /// <summary>An RTP payload type, 0-127 (RFC 3550 §5.1: seven bits).</summary>
    public static bool TryParsePayloadType(string text, out byte payloadType)
    {
        payloadType = 0;
        if (!TryParseInt(text, 0, 127, out var value))
        {
            return false;
        }

        payloadType = (byte)value;
        return true;
    }

    /// <summary>token: visible ASCII without the separators SDP fields use (RFC 8866 §9, token-char).</summary>
    public static bool IsToken(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            var ok = c is '!' or (>= '#' and <= '\'') or '*' or '+' or '-' or '.' or (>= '0' and <= '9')
                or (>= 'A' and <= 'Z') or (>= '^' and <= '~');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.1).</summary>
    public static bool IsIceChars(string text, int minLength, int maxLength)
    {
        if (text.Length < minLength || text.Length > maxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A value that fits on one SDP line in one field: non-empty, no spaces or control characters.</summary>
    public static bool IsField(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c <= ' ' || c == '\u007f')
            {
                return false;
            }
        }

        return true;
    }

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
