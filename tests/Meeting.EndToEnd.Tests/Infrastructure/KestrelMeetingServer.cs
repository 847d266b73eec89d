using System.Net.Http.Json;
using Meeting.Testing.Hub;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The meeting server listening on a real loopback port, as browsers and the Node client need.
/// Shared by the tests of <see cref="EndToEndCollection"/>; each test uses rooms of its own.
/// </summary>
public sealed class KestrelMeetingServer : IAsyncLifetime
{
    /// <summary>A room holds this many peers in these tests.</summary>
    public const int MaxPeersPerRoom = 4;

    /// <summary>The address the SFU announces in its ICE candidates (<c>Meeting:Site:PublicIp</c>): the
    /// remote end of every browser's selected candidate pair.</summary>
    public const string MediaPublicIp = "127.0.0.1";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly MeetingWebApplicationFactory _factory = new(new Dictionary<string, string?>
    {
        ["Meeting:Site:Name"] = "e2e",
        ["Meeting:Sessions:IssuePerMinutePerAddress"] = "100000",
        ["Meeting:Rooms:MaxPeersPerRoom"] = MaxPeersPerRoom.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Meeting:Rooms:GraceSweepInterval"] = "00:00:00.200",
        ["Meeting:Site:PublicIp"] = MediaPublicIp,
        ["Meeting:Media:ListenIp"] = "127.0.0.1",
        ["Meeting:Media:Port"] = "0", // any free port
        ["Serilog:MinimumLevel:Default"] = "Warning",
    });

    private HttpClient? _http;

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    public Uri BaseAddress { get; private set; } = null!;

    public Uri HubWebSocketUrl => new UriBuilder(new Uri(BaseAddress, "hubs/meeting")) { Scheme = "ws" }.Uri;

    public Task InitializeAsync()
    {
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server reports no addresses.");
        var address = addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        if (!System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(BaseAddress.Host)))
        {
            throw new InvalidOperationException($"The test server must listen on loopback only, not {BaseAddress}.");
        }

        // No cookie jar: every CreateSessionAsync is a new client with a session of its own.
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = BaseAddress, Timeout = RequestTimeout };
        return Task.CompletedTask;
    }

    /// <summary>Issues a new session through the public endpoint, as any client does first.</summary>
    public async Task<SessionInfo> CreateSessionAsync()
    {
        using var response = await _http!.PostAsync(new Uri("api/session", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SessionInfo>() ?? throw new InvalidOperationException("Empty session response.");
    }

    /// <summary>A new session and a hub connection over a real WebSocket that presents its token.</summary>
    public async Task<(SessionInfo Session, MeetingHubClient Client)> ConnectNewAsync()
    {
        var session = await CreateSessionAsync();
        return (session, await MeetingHubClient.ConnectAsync(HubWebSocketUrl, session.Token));
    }

    public Task<string> GetStringAsync(string relativePath) => _http!.GetStringAsync(new Uri(relativePath, UriKind.Relative));

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await _factory.DisposeAsync();
    }
}
