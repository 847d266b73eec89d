using Meeting.Server.Hubs;
using Meeting.Testing;
using Meeting.Testing.Hub;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meeting.Server.Tests;

/// <summary>
/// The real server in the test host, with settings a test may override. Clients talk to it through the
/// standard SignalR client, as browsers do (<see cref="ConnectClientAsync"/>); the raw client is for hand-written frames.
/// </summary>
public sealed class MeetingServerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Meeting:Site:Name"] = "test",
        // Any free UDP port: test servers run side by side.
        ["Meeting:Media:Port"] = "0",
        ["Meeting:Sessions:IssuePerMinutePerAddress"] = "100000",
        // Every test client comes from the same (test host's) address.
        ["Meeting:Limits:ConnectionsPerAddress"] = "100000",
        ["Meeting:Rooms:GraceSweepInterval"] = "00:00:00.100",
        ["Serilog:MinimumLevel"] = "Warning",
    };

    public MeetingServerFactory With(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Settings, not an app-configuration callback: Program reads some of them (whether Redis is
        // configured, the log format) while it registers services, before such callbacks would run.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Issues a session through the public endpoint.</summary>
    public async Task<SessionInfo> CreateSessionAsync()
    {
        using var http = CreateClient();
        var response = await http.PostAsync(new Uri("/api/session", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<SessionInfo>(response.Content))!;
    }

    /// <summary>Opens a typed hub connection (the standard SignalR client) presenting <paramref name="token"/> as SignalR's <c>access_token</c>.</summary>
    public Task<MeetingHubClient> ConnectClientAsync(string token)
        => MeetingHubClient.ConnectAsync(new MeetingHubClientOptions(new Uri(Server.BaseAddress, "hubs/meeting"))
        {
            AccessToken = token,
            OpenWebSocket = (url, ct) => Server.CreateWebSocketClient().ConnectAsync(url, ct),
        });

    /// <summary>A new session and a typed connection made with it.</summary>
    public async Task<(SessionInfo Session, MeetingHubClient Client)> ConnectNewClientAsync()
    {
        var session = await CreateSessionAsync();
        return (session, await ConnectClientAsync(session.Token));
    }

    /// <summary>A new session, connected and joined to <paramref name="room"/> as <paramref name="name"/>.</summary>
    public async Task<(MeetingHubClient Client, string PeerId, JoinResponse Joined)> JoinNewPeerAsync(string room, string name)
    {
        var (session, client) = await ConnectNewClientAsync();
        return (client, session.PeerId, await client.JoinAsync(room, name));
    }

    /// <summary>Opens a raw hub connection, only for tests that write malformed or oversized frames, presenting
    /// <paramref name="token"/> as SignalR's <c>access_token</c>; all other traffic goes through <see cref="ConnectClientAsync"/>.</summary>
    public Task<HubProtocolClient> ConnectRawAsync(string token)
    {
        var hubUrl = HubProtocolClient.WithToken(new Uri(Server.BaseAddress, "hubs/meeting"), token);
        var wsUrl = new UriBuilder(hubUrl) { Scheme = "ws" }.Uri;
        return HubProtocolClient.ConnectAsync(ct => Server.CreateWebSocketClient().ConnectAsync(wsUrl, ct));
    }

    /// <summary>A new session and a raw connection made with it.</summary>
    public async Task<(SessionInfo Session, HubProtocolClient Client)> ConnectNewRawAsync()
    {
        var session = await CreateSessionAsync();
        return (session, await ConnectRawAsync(session.Token));
    }
}

public sealed record SessionInfo(string Token, string PeerId, DateTimeOffset ExpiresAt);
