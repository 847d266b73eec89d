using Microsoft.Extensions.Options;

namespace Meeting.Server.Security;

/// <summary>Decides whether a request's <c>Origin</c> may use the hub and the session endpoints.</summary>
/// <remarks>RFC 6454 §6.1 (serialising an origin), §7 (the Origin header).</remarks>
internal sealed class OriginPolicy
{
    private readonly HashSet<string> _allowed;

    public OriginPolicy(IOptions<SecurityOptions> options)
    {
        _allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in options.Value.AllowedOrigins)
        {
            if (!TryNormalize(origin, out var normalized))
            {
                throw new OptionsValidationException(SecurityOptions.Section, typeof(SecurityOptions),
                    [$"{SecurityOptions.Section}:AllowedOrigins: '{origin}' is not an origin such as https://meet.example.com"]);
            }

            _allowed.Add(normalized);
        }
    }

    /// <summary>True when <paramref name="origin"/> (the header's value; null when absent) may proceed.
    /// A request without Origin is not a browser's cross-site request (browsers send it on every POST
    /// and WebSocket handshake), so non-browser clients need none.</summary>
    public bool Allows(string? origin, HttpRequest request)
    {
        if (origin is null)
        {
            return true;
        }

        // "null" (sandboxed frames, file: pages) and anything unparsable fail here.
        if (!TryNormalize(origin, out var normalized))
        {
            return false;
        }

        return _allowed.Count > 0
            ? _allowed.Contains(normalized)
            : TryNormalize($"{request.Scheme}://{request.Host.ToUriComponent()}", out var own) && own == normalized;
    }

    /// <summary>Lower-case scheme and host, default port left out: how browsers serialise an origin.</summary>
    internal static bool TryNormalize(string text, out string origin)
    {
        origin = string.Empty;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }

        origin = uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
        origin = origin.ToLowerInvariant();
        return true;
    }
}
