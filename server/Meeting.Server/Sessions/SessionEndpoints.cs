using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meeting.Server.Sessions;

/// <summary><c>/api/session</c>: how browsers and other clients get (and give up) their identity.</summary>
internal static class SessionEndpoints
{
    public const string IssueRateLimitPolicy = "session-issue";

    public sealed record SessionResponse(string Token, string PeerId, DateTimeOffset ExpiresAt);

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/session").AddEndpointFilter(AnswerUnavailableAsync);
        group.MapPost("/", IssueAsync).RequireRateLimiting(IssueRateLimitPolicy);
        group.MapDelete("/", RevokeAsync);
        return endpoints;
    }

    /// <summary>Returns the caller's live session if it presents one (found by <see cref="SessionAuthentication"/>),
    /// so a page reload keeps its peer id; otherwise issues a new one.</summary>
    private static async Task<Ok<SessionResponse>> IssueAsync(HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        var (session, token) = SessionClaims.Find(context.User) is { } existing
            ? (existing, SessionAuthentication.ReadToken(context.Request)!)
            : await sessions.IssueAsync(cancellationToken);

        context.Response.Cookies.Append(MeetingSessionOptions.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = session.ExpiresAt,
            IsEssential = true,
        });
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new SessionResponse(token, session.PeerId.Value, session.ExpiresAt));
    }

    /// <summary>A store outage is a 503 with a reason the client can act on (retry), not a 500.</summary>
    private static async ValueTask<object?> AnswerUnavailableAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StoreUnavailableException ex)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILogger<SessionService>>().LogWarning(ex, "Session request failed: the shared store is unavailable");
            return TypedResults.Problem(
                detail: "The service is briefly unavailable; retry.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["code"] = "unavailable" });
        }
    }

    private static async Task<NoContent> RevokeAsync(HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        if (SessionClaims.Find(context.User) is { } session)
        {
            await sessions.RevokeAsync(session, cancellationToken);
        }

        context.Response.Cookies.Delete(MeetingSessionOptions.CookieName, new CookieOptions { Path = "/" });
        return TypedResults.NoContent();
    }
}
