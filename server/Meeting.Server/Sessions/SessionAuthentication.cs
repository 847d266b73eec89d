using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Microsoft.Net.Http.Headers;

namespace Meeting.Server.Sessions;

/// <summary>
/// Sets the request's user from its session token: the <c>meeting.sid</c> cookie for browsers,
/// <c>Authorization: Bearer</c> for other clients, and SignalR's <c>access_token</c> query parameter,
/// which is how WebSocket clients that cannot set headers present a token. A forged, revoked or expired
/// token leaves the request anonymous; <c>Hubs/HubAdmission</c> refuses such a request to the hub with 401.
/// When the store cannot say (it is unreachable), the request is answered 503 <c>{"code":"unavailable"}</c>
/// with <c>Retry-After</c>: a 401 would tell the client its identity is gone.
/// </summary>
/// <remarks>In place of ASP.NET's authentication and authorization (a scheme handler behind the hub's
/// <c>[Authorize]</c>), whose middlewares await the rest of the pipeline and so keep, for as long as a
/// WebSocket stays open, their state machines, authentication results and tickets, the scheme's handler,
/// the authorization service and the request scope's handler provider: about 2 KB per idle hub
/// connection, measured with <c>dotnet-gcdump</c> (see <c>tests/Meeting.Bench/README.md</c>). Not async
/// itself while the session is found at once, for the same reason.</remarks>
internal sealed class SessionAuthentication
{
    private readonly RequestDelegate _next;
    private readonly SessionService _sessions;
    private readonly ILogger<SessionAuthentication> _logger;

    public SessionAuthentication(RequestDelegate next, SessionService sessions, ILogger<SessionAuthentication> logger)
    {
        _next = next;
        _sessions = sessions;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var token = ReadToken(context.Request);
        if (token is null)
        {
            return _next(context);
        }

        var resolving = _sessions.ResolveAsync(token, context.RequestAborted);
        if (!resolving.IsCompletedSuccessfully)
        {
            return ResolveThenContinueAsync(context, resolving);
        }

        SetUser(context, resolving.Result);
        return _next(context);
    }

    internal static string? ReadToken(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        if (request.Query.TryGetValue("access_token", out var queryToken) && !string.IsNullOrEmpty(queryToken))
        {
            return queryToken.ToString();
        }

        return request.Cookies.TryGetValue(MeetingSessionOptions.CookieName, out var cookie) ? cookie : null;
    }

    private async Task ResolveThenContinueAsync(HttpContext context, Task<Session?> resolving)
    {
        try
        {
            SetUser(context, await resolving);
        }
        catch (StoreUnavailableException ex)
        {
            _logger.LogWarning(ex, "Could not read the session of {Method} {Path}: the shared store is unavailable", context.Request.Method, context.Request.Path.Value);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsJsonAsync(new { code = "unavailable", detail = "The service is briefly unavailable; retry." }, context.RequestAborted);
            return;
        }

        await _next(context);
    }

    private static void SetUser(HttpContext context, Session? session)
    {
        if (session is not null)
        {
            context.User = SessionClaims.ToPrincipal(session);
        }
    }
}

internal static class SessionAuthenticationExtensions
{
    public static IApplicationBuilder UseSessionAuthentication(this IApplicationBuilder app)
        => app.UseMiddleware<SessionAuthentication>();
}
