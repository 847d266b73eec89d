namespace Meeting.Server.Security;

/// <summary>The browser-side defences every response carries, set by the server itself so they hold
/// with or without a proxy in front. The page loads only its own scripts (ES modules and the bundled
/// SignalR client; nothing inline), talks only to its own origin, and cannot be framed.</summary>
internal sealed class SecurityHeaders
{
    private const string PermissionsPolicy = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()";

    private readonly RequestDelegate _next;

    public SecurityHeaders(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request);
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = PermissionsPolicy;
        return _next(context);
    }

    /// <summary>'self' covers ws(s) of the same host only in CSP Level 3 browsers; the hub's WebSocket URL
    /// is named as well for the others. The host is the request's own, which Kestrel has validated.</summary>
    internal static string ContentSecurityPolicy(HttpRequest request)
    {
        var socket = (request.IsHttps ? "wss://" : "ws://") + request.Host.ToUriComponent();
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
            + $"connect-src 'self' {socket}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }
}
