using System.Security.Claims;
using Meeting.Server.Domain;

namespace Meeting.Server.Sessions;

/// <summary>How a session is carried on the request's <see cref="ClaimsPrincipal"/> (and so on the hub's
/// <c>Context.User</c>): the principal holds the session itself.</summary>
/// <remarks>Not as claims: three claims and their strings cost about 350 bytes per idle hub connection, and
/// nothing reads this principal but <see cref="TryRead"/>.</remarks>
internal static class SessionClaims
{
    /// <summary>The identity's authentication type: what makes it authenticated.</summary>
    public const string AuthenticationType = "MeetingSession";

    public static ClaimsPrincipal ToPrincipal(Session session) => new SessionPrincipal(session);

    /// <summary>The session <see cref="SessionAuthentication"/> found for this request, or null.</summary>
    public static Session? Find(ClaimsPrincipal? user) => (user as SessionPrincipal)?.Session;

    public static bool TryRead(ClaimsPrincipal? user, out SessionId sessionId, out PeerId peerId, out DateTimeOffset expiresAt)
    {
        if (Find(user) is { } session)
        {
            sessionId = session.Id;
            peerId = session.PeerId;
            expiresAt = session.ExpiresAt;
            return true;
        }

        sessionId = default;
        peerId = default;
        expiresAt = default;
        return false;
    }

    private sealed class SessionPrincipal(Session session) : ClaimsPrincipal(new ClaimsIdentity(AuthenticationType))
    {
        public Session Session { get; } = session;
    }
}
