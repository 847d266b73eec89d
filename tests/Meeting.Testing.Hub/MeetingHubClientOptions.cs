using System.Net;
using System.Net.WebSockets;

namespace Meeting.Testing.Hub;

/// <summary>How a <see cref="MeetingHubClient"/> reaches the hub.</summary>
/// <param name="HubUrl"><c>http://host:port/hubs/meeting</c> (or <c>ws://</c>).</param>
public sealed record MeetingHubClientOptions(Uri HubUrl)
{
    /// <summary>The session token, sent as SignalR's <c>access_token</c> query parameter, as browsers send it.</summary>
    public string? AccessToken { get; init; }

    /// <summary>The session cookie, for a client that presents the session as a browser with a cookie does.</summary>
    public Cookie? Cookie { get; init; }

    /// <summary>WebSockets without the negotiate request, as SignalR allows; true unless a test needs negotiation.</summary>
    public bool SkipNegotiation { get; init; } = true;

    /// <summary>Opens the WebSocket to the URL given (the hub URL with the token); for an in-process test server
    /// (<c>TestServer.CreateWebSocketClient().ConnectAsync</c>). A <see cref="ClientWebSocket"/> when null.</summary>
    public Func<Uri, CancellationToken, Task<WebSocket>>? OpenWebSocket { get; init; }

    /// <summary>The handler for the negotiate request when <see cref="SkipNegotiation"/> is false (<c>TestServer.CreateHandler</c>).</summary>
    public Func<HttpMessageHandler>? HttpMessageHandler { get; init; }

    /// <summary>How long a call, and the connect with its handshake, may take.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the client waits for any message before it gives the server up (SignalR's default is 30 s).</summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
