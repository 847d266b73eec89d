using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Meeting.Server.Hubs;
using Meeting.Testing;
using Meeting.Testing.Hub;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// A participant on the typed hub client (<see cref="MeetingHubClient"/>): a session from <c>POST /api/session</c> and a hub
/// connection, through Caddy or straight to one site. After a site is lost it reconnects with the same
/// session, as the browser client does, and joins its room again.
/// </summary>
internal sealed class KitPeer : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    private KitPeer(string displayName, string token, string peerId)
    {
        DisplayName = displayName;
        Token = token;
        PeerId = peerId;
    }

    public string DisplayName { get; }

    public string Token { get; }

    public string PeerId { get; }

    public MeetingHubClient Client { get; private set; } = null!;

    /// <summary>The reply to the latest Join.</summary>
    public JoinResponse Joined { get; private set; } = null!;

    public string? Site => Joined.Site;

    public IReadOnlySet<string> RosterPeerIds => Joined.Peers.Select(p => p.PeerId).ToHashSet();

    /// <summary>Gets a session at <paramref name="baseUrl"/>, connects there and joins <paramref name="room"/>.</summary>
    public static async Task<KitPeer> JoinAsync(HttpClient http, Uri baseUrl, string room, string displayName)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        using var response = await http.PostAsync(new Uri(baseUrl, "api/session"), null, timeout.Token);
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        var peer = new KitPeer(displayName, session.GetProperty("token").GetString()!, session.GetProperty("peerId").GetString()!);
        peer.Client = await MeetingHubClient.ConnectAsync(HubUrl(baseUrl), peer.Token, timeout.Token);
        peer.Joined = await peer.Client.JoinAsync(room, displayName, timeout.Token);
        return peer;
    }

    /// <summary>
    /// Drops the old connection and reconnects through <paramref name="baseUrl"/> with the same session until a
    /// Join succeeds: each attempt is bounded (a hung site may hold it), the whole within <paramref name="within"/>.
    /// </summary>
    public async Task<JoinResponse> RejoinAsync(Uri baseUrl, string room, TimeSpan within)
    {
        await Client.DisposeAsync();
        var deadline = DateTime.UtcNow + within;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            MeetingHubClient? client = null;
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                client = await MeetingHubClient.ConnectAsync(HubUrl(baseUrl), Token, attempt.Token);
                Joined = await client.JoinAsync(room, DisplayName, attempt.Token);
                Client = client;
                return Joined;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or TimeoutException or OperationCanceledException or HubCallException or InvalidOperationException)
            {
                last = ex;
                if (client is not null)
                {
                    await client.DisposeAsync();
                }

                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"{DisplayName} could not join {room} again through {baseUrl} within {within}.", last);
    }

    /// <summary>Relays a Signal to <paramref name="other"/> and waits until it arrives there.</summary>
    public async Task SignalAsync(KitPeer other, string kind)
    {
        await Client.SignalAsync(other.PeerId, new { kind, from = DisplayName });
        var received = await other.Client.Signal.NextAsync(
            s => s.FromPeerId == PeerId && s.Payload.GetProperty("kind").GetString() == kind,
            StepTimeout);
        Assert.Equal(DisplayName, received.Payload.GetProperty("from").GetString());
    }

    public Task<PeerJoinedMessage> WaitForPeerJoinedAsync(KitPeer about)
        => Client.PeerJoined.NextAsync(e => e.PeerId == about.PeerId, StepTimeout);

    public Task<PeerRef> WaitForPeerReconnectedAsync(KitPeer about)
        => Client.PeerReconnected.NextAsync(e => e.PeerId == about.PeerId, StepTimeout);

    /// <summary>True when a PeerJoined about <paramref name="about"/> arrived (or arrives within 100 ms).</summary>
    public Task<bool> SawPeerJoinedAsync(KitPeer about)
        => Client.PeerJoined.ArrivesWithinAsync(TimeSpan.FromMilliseconds(100), e => e.PeerId == about.PeerId);

    /// <summary>True when a PeerLeft about <paramref name="about"/> arrived (or arrives within 100 ms).</summary>
    public Task<bool> SawPeerLeftAsync(KitPeer about)
        => Client.PeerLeft.ArrivesWithinAsync(TimeSpan.FromMilliseconds(100), e => e.PeerId == about.PeerId);

    public ValueTask DisposeAsync() => Client?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static Uri HubUrl(Uri baseUrl) => new UriBuilder(new Uri(baseUrl, "hubs/meeting")) { Scheme = "ws" }.Uri;
}
