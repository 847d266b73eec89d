using System.Globalization;
using System.Security.Claims;
using Meeting.Server.Domain;

namespace Meeting.Server.Sessions;

/// <summary>How a session is carried on the request's <see cref="ClaimsPrincipal"/>.</summary>
internal static class SessionClaims
{
    public const string PeerIdType = "meeting:peer";
    public const string SessionIdType = "meeting:sid";
    public const string ExpiresAtType = "meeting:exp";

    public static ClaimsPrincipal ToPrincipal(Session session, string scheme)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(PeerIdType, session.PeerId.Value),
                new Claim(SessionIdType, session.Id.Value),
                new Claim(ExpiresAtType, session.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            ],
            scheme,
            PeerIdType,
            roleType: null);
        return new ClaimsPrincipal(identity);
    }

    public static bool TryRead(ClaimsPrincipal? user, out SessionId sessionId, out PeerId peerId, out DateTimeOffset expiresAt)
    {
        sessionId = default;
        peerId = default;
        expiresAt = default;
        var peer = user?.FindFirst(PeerIdType)?.Value;
        var sid = user?.FindFirst(SessionIdType)?.Value;
        var exp = user?.FindFirst(ExpiresAtType)?.Value;
        if (peer is null || sid is null || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        sessionId = new SessionId(sid);
        peerId = new PeerId(peer);
        expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }
}
