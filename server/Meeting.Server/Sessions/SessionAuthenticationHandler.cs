using System.Text.Encodings.Web;
using Meeting.Server.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Meeting.Server.Sessions;

/// <summary>
/// Authenticates a request by its session token: the <c>meeting.sid</c> cookie for browsers,
/// <c>Authorization: Bearer</c> for other clients, and SignalR's <c>access_token</c> query
/// parameter, which is how WebSocket clients that cannot set headers present a token.
/// </summary>
internal sealed class SessionAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "MeetingSession";

    private readonly SessionService _sessions;

    public SessionAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        SessionService sessions)
        : base(options, logger, encoder)
    {
        _sessions = sessions;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var session = await _sessions.ResolveAsync(token, Context.RequestAborted);
        if (session is null)
        {
            return AuthenticateResult.Fail("unauthenticated: the session is unknown, revoked or expired");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(SessionClaims.ToPrincipal(session, SchemeName), SchemeName));
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
}
