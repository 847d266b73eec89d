namespace Meeting.Server.Configuration;

/// <summary>Which reverse proxies may tell the server the client's address and scheme. Bound from <c>Meeting:Proxy</c>.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Meeting:Proxy";

    /// <summary>Addresses of proxies (Caddy) whose X-Forwarded-For / X-Forwarded-Proto are believed; none
    /// by default, not even loopback. Anyone else could otherwise pick the address rate limits key on.</summary>
    public IList<string> KnownProxies { get; } = [];
}
