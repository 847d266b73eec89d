using Microsoft.Net.Http.Headers;

namespace Meeting.Server.Security;

/// <summary>Refuses cross-origin browser requests to the hub (negotiate and the WebSocket upgrade
/// alike) and to <c>/api/session</c> before they reach authentication, so a foreign page never acts
/// with the victim's cookie.</summary>
internal sealed class OriginCheck
{
    /// <summary>The body's code, worded like the hub's error codes.</summary>
    public const string ForbiddenOrigin = "forbidden_origin";

    private static readonly PathString SessionPath = new("/api/session");
    private static readonly PathString HubPath = new(MeetingServerExtensions.HubPath);

    private readonly RequestDelegate _next;
    private readonly OriginPolicy _policy;
    private readonly ILogger<OriginCheck> _logger;

    public OriginCheck(RequestDelegate next, OriginPolicy policy, ILogger<OriginCheck> logger)
    {
        _next = next;
        _policy = policy;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(HubPath) && !path.StartsWithSegments(SessionPath))
        {
            return _next(context);
        }

        var origin = context.Request.Headers.Origin;
        if (origin.Count > 1 || !_policy.Allows(origin.Count == 0 ? null : origin.ToString(), context.Request))
        {
            _logger.LogInformation("Refused a request to {Path} from origin {Origin}", path.Value, origin.ToString());
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers[HeaderNames.CacheControl] = "no-store";
            return context.Response.WriteAsync(
                $"{ForbiddenOrigin}: pages from this origin may not use the service (Meeting:Security:AllowedOrigins)\n",
                context.RequestAborted);
        }

        return _next(context);
    }
}
