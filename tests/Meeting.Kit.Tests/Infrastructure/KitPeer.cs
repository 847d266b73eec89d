using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Meeting.Testing;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// A participant on the documented JSON hub protocol: a session from <c>POST /api/session</c> and a hub
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

    public HubProtocolClient Client { get; private set; } = null!;

    /// <summary>The reply to the latest Join: <c>{ peerId, room, site, peers }</c>.</summary>
    public JsonElement Joined { get; private set; }

    public string? Site => Joined.GetProperty("site").GetString();

    public IReadOnlySet<string> RosterPeerIds
        => Joined.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("peerId").GetString()!).ToHashSet();

    /// <summary>Gets a session at <paramref name="baseUrl"/>, connects there and joins <paramref name="room"/>.</summary>
    public static async Task<KitPeer> JoinAsync(HttpClient http, Uri baseUrl, string room, string displayName)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        using var response = await http.PostAsync(new Uri(baseUrl, "api/session"), null, timeout.Token);
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        var peer = new KitPeer(displayName, session.GetProperty("token").GetString()!, session.GetProperty("peerId").GetString()!);
        peer.Client = await HubProtocolClient.ConnectAsync(HubUrl(baseUrl), peer.Token, timeout.Token);
        peer.Joined = await peer.Client.InvokeAsync("Join", [room, displayName], StepTimeout, timeout.Token);
        return peer;
    }

    /// <summary>
    /// Drops the old connection and reconnects through <paramref name="baseUrl"/> with the same session until a
    /// Join succeeds: each attempt is bounded (a hung site may hold it), the whole within <paramref name="within"/>.
    /// </summary>
    public async Task<JsonElement> RejoinAsync(Uri baseUrl, string room, TimeSpan within)
    {
        await Client.DisposeAsync();
        var deadline = DateTime.UtcNow + within;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            HubProtocolClient? client = null;
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                client = await HubProtocolClient.ConnectAsync(HubUrl(baseUrl), Token, attempt.Token);
                Joined = await client.InvokeAsync("Join", [room, DisplayName], TimeSpan.FromSeconds(5), attempt.Token);
                Client = client;
                return Joined;
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException or OperationCanceledException or HubCallException or InvalidOperationException)
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
        await Client.InvokeAsync("Signal", [other.PeerId, new { kind, from = DisplayName }], StepTimeout);
        var received = await other.Client.WaitForAsync(
            "Signal",
            s => s.GetProperty("fromPeerId").GetString() == PeerId && s.GetProperty("payload").GetProperty("kind").GetString() == kind,
            StepTimeout);
        Assert.Equal(DisplayName, received.GetProperty("payload").GetProperty("from").GetString());
    }

    public Task<JsonElement> WaitForPeerEventAsync(string target, KitPeer about)
        => Client.WaitForAsync(target, e => e.GetProperty("peerId").GetString() == about.PeerId, StepTimeout);

    public Task<bool> ReceivedPeerEventAsync(string target, KitPeer about)
        => Client.ReceivesWithinAsync(target, TimeSpan.FromMilliseconds(100), e => e.GetProperty("peerId").GetString() == about.PeerId);

    public ValueTask DisposeAsync() => Client?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static Uri HubUrl(Uri baseUrl) => new UriBuilder(new Uri(baseUrl, "hubs/meeting")) { Scheme = "ws" }.Uri;
}
