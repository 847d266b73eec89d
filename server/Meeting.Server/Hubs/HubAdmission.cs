using System.Globalization;
using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Sessions;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Hubs;

/// <summary>
/// Who may use the hub: a request under <c>/hubs/meeting</c> without a live session (see
/// <see cref="SessionAuthentication"/>) gets <c>401 Unauthorized</c> with <c>{"code":"unauthenticated"}</c>,
/// and a new connection over its session's or address's limit <c>429 Too Many Requests</c>,
/// <c>Retry-After</c> and <c>{"code":"too_many_connections"}</c>, at negotiate or at the WebSocket request,
/// before the upgrade costs anything. Requests racing past the limit are refused by
/// <see cref="HubCallGuard"/> as they connect; this is the cheap, clear answer.
/// </summary>
internal sealed class HubAdmission
{
    private readonly RequestDelegate _next;
    private readonly ConnectionLimits _limits;
    private readonly HubLimitOptions _options;

    public HubAdmission(RequestDelegate next, ConnectionLimits limits, IOptions<HubLimitOptions> options)
    {
        _next = next;
        _limits = limits;
        _options = options.Value;
    }

    /// <remarks>Not async itself: a WebSocket request lasts as long as its connection, and an awaiting
    /// middleware keeps its state machine for all that time.</remarks>
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(MeetingServerExtensions.HubPath, out var rest))
        {
            return _next(context);
        }

        if (!SessionClaims.TryRead(context.User, out var session, out _, out _))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return context.Response.WriteAsJsonAsync(
                new { code = MeetingErrorCodes.Unauthenticated, detail = "a live session is required; POST /api/session first" },
                context.RequestAborted);
        }

        if (IsNewConnection(context, rest) && _limits.Check(session, ConnectionLimits.AddressOf(context)) is { } refusal)
        {
            return RefuseAsync(context, refusal);
        }

        return _next(context);
    }

    private Task RefuseAsync(HttpContext context, MeetingHubException refusal)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)_options.ConnectionRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return context.Response.WriteAsJsonAsync(new { code = refusal.Code, detail = refusal.Message }, context.RequestAborted);
    }

    /// <summary>Negotiate, or a WebSocket opening; a long-polling or SSE request belongs to a connection
    /// already counted (or about to be, in <see cref="HubCallGuard"/>).</summary>
    private static bool IsNewConnection(HttpContext context, PathString rest)
        => rest.Equals("/negotiate", StringComparison.OrdinalIgnoreCase) || (rest.Value is null or "" or "/" && context.WebSockets.IsWebSocketRequest);
}
