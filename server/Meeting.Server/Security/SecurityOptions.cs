namespace Meeting.Server.Security;

/// <summary>Which browser pages may use the service. Bound from <c>Meeting:Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Meeting:Security";

    /// <summary>Origins (<c>scheme://host[:port]</c>) whose pages may open the hub and issue or revoke
    /// sessions. Empty: only the service's own origin, the scheme and host the request itself was made to.
    /// A browser sends the victim's SameSite=Lax cookie from any port of the same host, so without this
    /// check another site on that host could act as the victim.</summary>
    public IList<string> AllowedOrigins { get; } = [];
}
