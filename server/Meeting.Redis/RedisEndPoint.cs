using System.Globalization;

namespace Meeting.Redis;

/// <summary>A Redis or Sentinel address: a host name or IP literal and a TCP port.</summary>
/// <param name="Host">Host name or IP literal (IPv6 without brackets).</param>
/// <param name="Port">TCP port.</param>
public readonly record struct RedisEndPoint(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c> or <c>[v6]:port</c>.</summary>
    /// <exception cref="FormatException">The text is not an endpoint.</exception>
    public static RedisEndPoint Parse(string text) =>
        TryParse(text, out var endPoint) ? endPoint : throw new FormatException($"'{text}' is not host:port.");

    /// <summary>Parses <c>host:port</c> or <c>[v6]:port</c>.</summary>
    public static bool TryParse(string? text, out RedisEndPoint endPoint)
    {
        endPoint = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0)
        {
            return false;
        }

        endPoint = new RedisEndPoint(host, port);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
