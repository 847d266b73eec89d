using System.Net.WebSockets;
using Meeting.Server.Hubs;
using Meeting.Server.Media;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Meeting.Testing.Hub;

/// <summary>
/// A typed client of the meeting hub over the standard SignalR client: calls take and return the server's
/// contract records and every server-to-client method is a <see cref="HubEventQueue{T}"/> named with
/// <c>nameof(IMeetingClient.…)</c>, so a renamed method or field breaks the build. A call the hub refuses
/// throws <see cref="HubCallException"/>, whose <see cref="HubCallException.Code"/> is the hub's error code.
/// For malformed, oversized or hand-written frames use <see cref="HubProtocolClient"/>, the raw client.
/// </summary>
public sealed class MeetingHubClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly TimeSpan _callTimeout;
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocket? _socket;

    private MeetingHubClient(HubConnection connection, TimeSpan callTimeout)
    {
        _connection = connection;
        _callTimeout = callTimeout;
        PeerJoined = Listen<PeerJoinedMessage>(nameof(IMeetingClient.PeerJoined));
        PeerLeft = Listen<PeerRef>(nameof(IMeetingClient.PeerLeft));
        PeerReconnected = Listen<PeerRef>(nameof(IMeetingClient.PeerReconnected));
        Signal = Listen<SignalMessage>(nameof(IMeetingClient.Signal));
        Chat = Listen<ChatMessage>(nameof(IMeetingClient.Chat));
        RoomHomeChanged = Listen<RoomHomeInfo>(nameof(IMeetingClient.RoomHomeChanged));
        MediaOffer = Listen<MediaOfferMessage>(nameof(IMeetingClient.MediaOffer));
        MediaClosed = Listen<MediaClosedMessage>(nameof(IMeetingClient.MediaClosed));
        PeerMuted = Listen<PeerMutedMessage>(nameof(IMeetingClient.PeerMuted));
        LobbyKnock = Listen<LobbyPeerMessage>(nameof(IMeetingClient.LobbyKnock));
        LobbyAdmitted = Listen<RoomRefMessage>(nameof(IMeetingClient.LobbyAdmitted));
        LobbyRefused = Listen<RoomRefMessage>(nameof(IMeetingClient.LobbyRefused));
        RemovedFromRoom = Listen<RemovedMessage>(nameof(IMeetingClient.RemovedFromRoom));
        RoomLocked = Listen<RoomLockedMessage>(nameof(IMeetingClient.RoomLocked));
        HostChanged = Listen<HostChangedMessage>(nameof(IMeetingClient.HostChanged));
        _connection.Closed += error =>
        {
            _closed.TrySetResult(error?.Message);
            return Task.CompletedTask;
        };
    }

    public HubEventQueue<PeerJoinedMessage> PeerJoined { get; }

    public HubEventQueue<PeerRef> PeerLeft { get; }

    public HubEventQueue<PeerRef> PeerReconnected { get; }

    public HubEventQueue<SignalMessage> Signal { get; }

    public HubEventQueue<ChatMessage> Chat { get; }

    public HubEventQueue<RoomHomeInfo> RoomHomeChanged { get; }

    public HubEventQueue<MediaOfferMessage> MediaOffer { get; }

    public HubEventQueue<MediaClosedMessage> MediaClosed { get; }

    public HubEventQueue<PeerMutedMessage> PeerMuted { get; }

    /// <summary>To the host: a newcomer waits in the lobby of its locked room.</summary>
    public HubEventQueue<LobbyPeerMessage> LobbyKnock { get; }

    /// <summary>To a peer in the lobby: the host let it in, so <see cref="JoinAsync"/> now succeeds.</summary>
    public HubEventQueue<RoomRefMessage> LobbyAdmitted { get; }

    public HubEventQueue<RoomRefMessage> LobbyRefused { get; }

    public HubEventQueue<RemovedMessage> RemovedFromRoom { get; }

    public HubEventQueue<RoomLockedMessage> RoomLocked { get; }

    public HubEventQueue<HostChangedMessage> HostChanged { get; }

    /// <summary>Completes when the connection ends, with the server's close error (SignalR's wording, which
    /// includes the server's reason) or null for a clean close.</summary>
    public Task<string?> Closed => _closed.Task;

    /// <summary>Connects as <paramref name="options"/> say; throws when the server refuses the connection or the handshake.</summary>
    public static async Task<MeetingHubClient> ConnectAsync(MeetingHubClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        MeetingHubClient? client = null;
        var url = options.AccessToken is { } token ? HubProtocolClient.WithToken(options.HubUrl, token) : options.HubUrl;
        var connection = new HubConnectionBuilder()
            .WithUrl(url, HttpTransportType.WebSockets, http =>
            {
                http.SkipNegotiation = options.SkipNegotiation;
                if (options.HttpMessageHandler is { } handler)
                {
                    http.HttpMessageHandlerFactory = _ => handler();
                }

                if (options.Cookie is { } cookie)
                {
                    http.Cookies.Add(cookie);
                }

                // Always our own socket: a test can then drop it without a close handshake (Abort).
                http.WebSocketFactory = async (context, ct) =>
                {
                    var socket = options.OpenWebSocket is { } open
                        ? await open(context.Uri, ct)
                        : await OpenClientWebSocketAsync(context.Uri, options, ct);
                    client!._socket = socket;
                    return socket;
                };
            })
            .Build();
        connection.ServerTimeout = options.ServerTimeout;
        connection.KeepAliveInterval = options.ServerTimeout / 2;
        connection.HandshakeTimeout = options.CallTimeout;
        client = new MeetingHubClient(connection, options.CallTimeout);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CallTimeout);
        try
        {
            await connection.StartAsync(timeout.Token);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return client;
    }

    /// <summary>Connects to a real server; <paramref name="hubUrl"/> is <c>http://host:port/hubs/meeting</c>.</summary>
    public static Task<MeetingHubClient> ConnectAsync(Uri hubUrl, string accessToken, CancellationToken cancellationToken = default)
        => ConnectAsync(new MeetingHubClientOptions(hubUrl) { AccessToken = accessToken }, cancellationToken);

    public Task<JoinResponse> JoinAsync(string room, string displayName, CancellationToken cancellationToken = default)
        => CallAsync<JoinResponse>(HubMethods.Join, [room, displayName], cancellationToken);

    public Task LeaveAsync(CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.Leave, [], cancellationToken);

    /// <summary>Relays <paramref name="payload"/> (any value the JSON protocol writes as an object) to a peer of the room.</summary>
    public Task SignalAsync(string toPeerId, object payload, CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.Signal, [toPeerId, payload], cancellationToken);

    /// <summary>Sends a signal without waiting for the hub's completion (SignalR's "send"), as a flooding or streaming client does.</summary>
    public Task SendSignalAsync(string toPeerId, object payload, CancellationToken cancellationToken = default)
        => _connection.SendAsync(HubMethods.Signal, toPeerId, payload, cancellationToken);

    public Task ChatAsync(string text, CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.Chat, [text], cancellationToken);

    /// <summary>Sends a chat message without waiting for the hub's completion.</summary>
    public Task SendChatAsync(string text, CancellationToken cancellationToken = default)
        => _connection.SendAsync(HubMethods.Chat, text, cancellationToken);

    public Task<ReplayResponse> ReplayAsync(string afterEventId, CancellationToken cancellationToken = default)
        => CallAsync<ReplayResponse>(HubMethods.Replay, [afterEventId], cancellationToken);

    public Task<MediaJoinResponse> MediaJoinAsync(CancellationToken cancellationToken = default)
        => CallAsync<MediaJoinResponse>(HubMethods.MediaJoin, [], cancellationToken);

    public Task MediaAnswerAsync(string transportId, string sdp, int revision, CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.MediaAnswer, [transportId, sdp, revision], cancellationToken);

    public Task SetMutedAsync(string kind, bool muted, CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.SetMuted, [kind, muted], cancellationToken);

    public Task MediaLeaveAsync(CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.MediaLeave, [], cancellationToken);

    /// <summary>Creates the room with this peer as its host and joins it; refused with <c>room_exists</c> when it exists.</summary>
    public Task<JoinResponse> CreateRoomAsync(string room, string displayName, CancellationToken cancellationToken = default)
        => CallAsync<JoinResponse>(HubMethods.CreateRoom, [room, displayName], cancellationToken);

    public Task<JoinResponse> JoinWithInviteAsync(string room, string displayName, string inviteToken, CancellationToken cancellationToken = default)
        => CallAsync<JoinResponse>(HubMethods.JoinWithInvite, [room, displayName, inviteToken], cancellationToken);

    public Task SetRoomLockedAsync(bool locked, CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.SetRoomLocked, [locked], cancellationToken);

    public Task AdmitAsync(string peerId, CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.Admit, [peerId], cancellationToken);

    public Task RefuseAsync(string peerId, CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.Refuse, [peerId], cancellationToken);

    public Task RemovePeerAsync(string peerId, CancellationToken cancellationToken = default)
        => CallAsync(HubMethods.RemovePeer, [peerId], cancellationToken);

    public Task<InviteResponse> CreateInviteAsync(CancellationToken cancellationToken = default)
        => CallAsync<InviteResponse>(HubMethods.CreateInvite, [], cancellationToken);

    public Task<RoomAccessResponse> GetRoomAccessAsync(CancellationToken cancellationToken = default)
        => CallAsync<RoomAccessResponse>(HubMethods.GetRoomAccess, [], cancellationToken);

    /// <summary>Drops the connection without a close handshake, as a crashed tab or a dead network does.</summary>
    public void Abort() => _socket?.Abort();

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _connection.StopAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The server may already have dropped the connection; it is going away either way.
        }

        await _connection.DisposeAsync();
    }

    private HubEventQueue<T> Listen<T>(string method)
    {
        var queue = new HubEventQueue<T>(method);
        _connection.On<T>(method, queue.Add);
        _connection.Closed += error =>
        {
            queue.Complete(error);
            return Task.CompletedTask;
        };
        return queue;
    }

    private Task CallAsync(string method, object?[] arguments, CancellationToken cancellationToken)
        => CallCoreAsync(method, timeout => _connection.InvokeCoreAsync(method, arguments, timeout), cancellationToken);

    private async Task<T> CallAsync<T>(string method, object?[] arguments, CancellationToken cancellationToken)
    {
        T result = default!;
        await CallCoreAsync(method, async timeout => result = (T)(await _connection.InvokeCoreAsync(method, typeof(T), arguments, timeout))!, cancellationToken);
        return result;
    }

    private async Task CallCoreAsync(string method, Func<CancellationToken, Task> invoke, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_callTimeout);
        try
        {
            await invoke(timeout.Token);
        }
        catch (HubException ex)
        {
            throw new HubCallException(ex.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Only our own deadline is a timeout: the client also cancels a call when its connection closes,
            // and that must surface as such (a test of a revoked session expects exactly that).
            throw new TimeoutException($"'{method}' did not complete in {_callTimeout}.");
        }
    }

    private static async Task<WebSocket> OpenClientWebSocketAsync(Uri uri, MeetingHubClientOptions options, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        // SignalR's own pings keep the connection alive; the socket's would only add frames.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (options.Cookie is { } cookie)
        {
            socket.Options.Cookies = new System.Net.CookieContainer();
            socket.Options.Cookies.Add(cookie);
        }

        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
