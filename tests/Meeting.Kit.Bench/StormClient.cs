using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Meeting.Server.Hubs;
using Meeting.Testing;
using Meeting.Testing.Hub;

namespace Meeting.Kit.Bench;

/// <summary>
/// One participant of the storm on the typed hub client (<see cref="MeetingHubClient"/>, the standard SignalR client), through the kit's front door: a session
/// of its own, a hub connection and a room. When the connection drops it behaves as the browser client does
/// (<c>wwwroot/js/signalling.js</c>): it reconnects with the same session on the browser client's schedule,
/// read from the file that client reads (<see cref="ReconnectSchedule"/>), and once connected joins its room again.
/// Every step is bounded.
/// </summary>
internal sealed class StormClient : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly Uri _hubUrl;
    private readonly ReconnectSchedule _schedule = ReconnectSchedule.Shared;
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private MeetingHubClient? _connection;

    private StormClient(Uri hubUrl, string token, string peerId, string room, string displayName)
    {
        _hubUrl = hubUrl;
        Token = token;
        PeerId = peerId;
        Room = room;
        DisplayName = displayName;
    }

    public string Token { get; }

    public string PeerId { get; }

    public string Room { get; }

    public string DisplayName { get; }

    /// <summary>The site that answered the latest Join.</summary>
    public string? Site { get; private set; }

    /// <summary>The other peers in the room, from the latest Join.</summary>
    public IReadOnlySet<string> Roster { get; private set; } = new HashSet<string>();

    /// <summary>Milliseconds from the kill until the connection was seen closed, reconnected (handshake done),
    /// and back in the room (Join answered with the same peer id).</summary>
    public double? ClosedMs { get; private set; }

    public double? ReconnectedMs { get; private set; }

    public double? RejoinedMs { get; private set; }

    /// <summary>How long the successful rejoin's Join took at SBG (from its connection's handshake to the answer).</summary>
    public double? JoinMs { get; private set; }

    /// <summary>Connection attempts after the drop, the successful one included.</summary>
    public int Attempts { get; private set; }

    /// <summary>Joins refused after a successful reconnect: the browser client gives up on the room there.</summary>
    public int RejoinsRefused { get; private set; }

    /// <summary>Failed attempts by reason.</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    /// <summary>Gets a session at the front door (no cookie is kept: a new session each time), connects and joins.</summary>
    public static async Task<StormClient> JoinAsync(HttpClient http, Uri front, string room, string displayName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        using var response = await http.PostAsync(new Uri(front, "api/session"), null, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {front}api/session answered HTTP {(int)response.StatusCode}");
        }

        var session = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        var hubUrl = new UriBuilder(new Uri(front, "hubs/meeting")) { Scheme = "ws" }.Uri;
        var client = new StormClient(hubUrl, session.GetProperty("token").GetString()!, session.GetProperty("peerId").GetString()!, room, displayName);
        try
        {
            client._connection = await client.ConnectAsync(timeout.Token);
            client.Record(await client._connection.JoinAsync(room, displayName, timeout.Token));
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits for the connection to drop, then reconnects and rejoins until back in the room, or until
    /// <paramref name="cancellationToken"/> ends the storm. <paramref name="killedAt"/> is a
    /// <see cref="Stopwatch"/> timestamp.
    /// </summary>
    public async Task<bool> RecoverAsync(long killedAt, CancellationToken cancellationToken)
    {
        try
        {
            await _connection!.Closed.WaitAsync(cancellationToken);
            ClosedMs = Since(killedAt);
            await _connection.DisposeAsync();
            _connection = null;

            for (var retry = 0; ; retry++)
            {
                var delay = _schedule.DelayMs(retry);
                if (delay > 0)
                {
                    await Task.Delay(delay, cancellationToken);
                }

                Attempts++;
                if (await TryRejoinAsync(killedAt, cancellationToken))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private async Task<bool> TryRejoinAsync(long killedAt, CancellationToken cancellationToken)
    {
        MeetingHubClient? connection = null;
        var connected = false;
        try
        {
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(ConnectTimeout);
                connection = await ConnectAsync(attempt.Token);
            }

            connected = true;
            var connectedMs = Since(killedAt);
            ReconnectedMs ??= connectedMs;
            var joined = await connection.JoinAsync(Room, DisplayName, cancellationToken);
            if (joined.PeerId != PeerId)
            {
                Fail("rejoined as another peer");
                await connection.DisposeAsync();
                return false;
            }

            Record(joined);
            RejoinedMs = Since(killedAt);
            JoinMs = RejoinedMs - connectedMs;
            _connection = connection;
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is WebSocketException or HttpRequestException or IOException or TimeoutException or OperationCanceledException or InvalidOperationException or HubCallException)
        {
            if (connected)
            {
                RejoinsRefused++;
            }

            Fail(Describe(ex, connected));
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            return false;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw;
        }
    }

    // The standard client pings every 15 s on its own, so the server's client timeout (30 s) never closes an idle connection.
    private Task<MeetingHubClient> ConnectAsync(CancellationToken cancellationToken)
        => MeetingHubClient.ConnectAsync(new MeetingHubClientOptions(_hubUrl) { AccessToken = Token, CallTimeout = CallTimeout }, cancellationToken);

    private void Record(JoinResponse joined)
    {
        Site = joined.Site;
        Roster = joined.Peers.Select(p => p.PeerId).ToHashSet(StringComparer.Ordinal);
    }

    private void Fail(string reason) => _failures[reason] = _failures.GetValueOrDefault(reason) + 1;

    private static string Describe(Exception ex, bool connected) => (connected, ex) switch
    {
        (true, HubCallException { Code: { } code }) => "Join refused: " + code,
        (true, _) => "Join failed: " + ex.GetType().Name,
        (false, WebSocketException ws) => "connect: " + (ws.Message.Contains("status code", StringComparison.Ordinal) ? ws.Message : ws.WebSocketErrorCode.ToString()),
        (false, OperationCanceledException or TimeoutException) => "connect: timed out",
        _ => "connect: " + ex.GetType().Name,
    };

    private static double Since(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalMilliseconds;
}
