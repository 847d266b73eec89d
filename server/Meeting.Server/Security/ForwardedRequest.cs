using Microsoft.AspNetCore.HttpOverrides;

namespace Meeting.Server.Security;

/// <summary>Whether a request reached the server through a proxy rather than at the site's own address.</summary>
internal static class ForwardedRequest
{
    /// <summary>True when the request carries forwarding headers: a known proxy's, which the forwarded-headers
    /// middleware consumed and recorded as <c>X-Original-For</c>, or anyone else's, left as they came. The
    /// front door always adds X-Forwarded-For, so a request from the internet cannot pass for a direct one;
    /// operators' own probes (<c>./kit probe</c>, Prometheus) send none.</summary>
    public static bool CameThroughProxy(HttpRequest request)
    {
        var headers = request.Headers;
        return headers.ContainsKey(ForwardedHeadersDefaults.XOriginalForHeaderName)
            || headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName)
            || headers.ContainsKey("Forwarded");
    }
}
