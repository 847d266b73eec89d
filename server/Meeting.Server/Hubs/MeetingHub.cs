using System.Runtime.InteropServices;
using System.Text.Json;
using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Media;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Meeting.Server.Sessions;
using Meeting.SignalR.Redis;
using Meeting.Sfu;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Hubs;

/// <summary>
/// The signalling hub at <c>/hubs/meeting</c>. Every call is checked before it changes anything;
/// a refused call throws <see cref="MeetingHubException"/> and leaves the room as it was.
/// Identity always comes from the session, never from arguments.
/// </summary>
internal sealed partial class MeetingHub : Hub<IMeetingClient>
{
    // A live server acknowledges a group change within milliseconds; a dead one never does, and a
    // rejoin after a site loss should not wait long for it.
    private static readonly TimeSpan EvictTimeout = TimeSpan.FromMilliseconds(250);

    private readonly IRoomRoster _roster;
    private readonly RoomHistory _history;
    private readonly DeferredDepartures _departures;
    private readonly IRoomHomes _homes;
    private readonly LocalConnections _connections;
    private readonly RoomMedia _media;
    private readonly SessionService _sessions;
    private readonly MeetingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<MeetingHub> _logger;
    private readonly SiteOptions _site;
    private readonly RoomOptions _rooms;
    private readonly HubLimitOptions _limits;
    private readonly RoomAccessGate _gate;
    private readonly RoomHostControls _host;
    private readonly IRoomAccessStore _access;
    private readonly RoomHostSuccession _succession;

    public MeetingHub(
        IRoomRoster roster,
        RoomHistory history,
        DeferredDepartures departures,
        IRoomHomes homes,
        LocalConnections connections,
        RoomMedia media,
        SessionService sessions,
        MeetingMetrics metrics,
        TimeProvider time,
        ILogger<MeetingHub> logger,
        IOptions<SiteOptions> site,
        IOptions<RoomOptions> rooms,
        IOptions<HubLimitOptions> limits,
        RoomAccessGate gate,
        RoomHostControls host,
        IRoomAccessStore access,
        RoomHostSuccession succession)
    {
        _gate = gate;
        _host = host;
        _access = access;
        _succession = succession;
        _roster = roster;
        _history = history;
        _departures = departures;
        _homes = homes;
        _connections = connections;
        _media = media;
        _sessions = sessions;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _site = site.Value;
        _rooms = rooms.Value;
        _limits = limits.Value;
    }

    private ConnectionState State => _connections.Get(Context);

    public override Task OnConnectedAsync()
    {
        if (!SessionClaims.TryRead(Context.User, out var sessionId, out var peerId, out var expiresAt))
        {
            // HubAdmission already refuses such connections; this guards against a misconfigured pipeline.
            throw new MeetingHubException(MeetingErrorCodes.Unauthenticated, "a session is required; POST /api/session first");
        }

        var state = new ConnectionState(Context.ConnectionId, sessionId, peerId, expiresAt, new TokenBucket(_time, _limits.MessagesPerSecond, _limits.MessageBurst));
        _connections.Add(state);
        _logger.LogDebug("Connection {ConnectionId} opened for peer {PeerId}", Context.ConnectionId, peerId);
        return Task.CompletedTask;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var state = State;
        _connections.Remove(state.ConnectionId);
        if (state.Membership is not { } membership)
        {
            return;
        }

        var now = _time.GetUtcNow();
        try
        {
            if (await _roster.MarkAwayAsync(membership.Room, state.PeerId, state.ConnectionId, now))
            {
                _logger.LogInformation(
                    "Peer {PeerId} lost its connection to room {Room}; keeping its place for {Grace}",
                    state.PeerId,
                    membership.Room,
                    _rooms.ReconnectGrace);
            }
        }
        catch (StoreUnavailableException ex)
        {
            _departures.Add(membership.Room, state.PeerId, state.ConnectionId, now);
            _logger.LogWarning(ex, "Could not record that peer {PeerId} left room {Room}; will retry", state.PeerId, membership.Room);
        }
    }

    public Task<JoinResponse> Join(string room, string displayName) => JoinAsync(JoinIntent.Plain, room, displayName, null);

    private async Task<JoinResponse> JoinAsync(JoinIntent intent, string room, string displayName, string? inviteToken)
    {
        var state = State;
        if (!RoomId.TryParse(room, out var roomId))
        {
            throw new MeetingHubException(MeetingErrorCodes.InvalidRoom, "a room id is 1-64 characters of a-z, 0-9 and '-'");
        }

        if (!DisplayName.TryNormalize(displayName, out var name))
        {
            throw new MeetingHubException(MeetingErrorCodes.InvalidName, "a display name is 1-64 printable characters");
        }

        if (!await _sessions.IsLiveAsync(state.SessionId, Context.ConnectionAborted))
        {
            throw new MeetingHubException(MeetingErrorCodes.Unauthenticated, "the session was revoked or has expired; POST /api/session again");
        }

        var hostBefore = await _gate.EnterAsync(intent, roomId, state.PeerId, name, Context.ConnectionId, inviteToken, Context.ConnectionAborted);

        // The home first: if the store fails here, nothing has changed yet.
        var home = await _homes.ClaimOrGetAsync(roomId, Context.ConnectionAborted);
        var join = await _roster.JoinAsync(roomId, new RoomMember(state.PeerId, name, Context.ConnectionId, null), _rooms.MaxPeersPerRoom, Context.ConnectionAborted);
        if (join.Kind == RosterJoinKind.RoomFull)
        {
            throw new MeetingHubException(MeetingErrorCodes.RoomFull, $"the room already has {_rooms.MaxPeersPerRoom} peers");
        }

        if (state.Membership is { } previous && previous.Room != roomId)
        {
            await LeaveRoomAsync(state, previous);
        }

        var group = RoomGroups.For(roomId);
        if (join.Replaced is { IsAway: false } replaced && replaced.ConnectionId != Context.ConnectionId)
        {
            await EvictConnectionAsync(replaced.ConnectionId, group);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        state.Membership = new RoomMembership(roomId, name);
        var host = await _gate.JoinedAsync(roomId, state.PeerId, join, hostBefore, Context.ConnectionAborted);

        // Logged after joining the group: every event logged after the joiner's own is sent to it live,
        // so the id returned as lastEventId is where its history starts.
        var rejoin = join.Kind == RosterJoinKind.Rejoined;
        RoomEventId? lastEventId;
        if (!rejoin)
        {
            lastEventId = await _history.TryRecordAsync(roomId, RoomEvent.Joined(state.PeerId, name, _time.GetUtcNow()), CancellationToken.None);
            await Clients.OthersInGroup(group).PeerJoined(new PeerJoinedMessage(state.PeerId.Value, name, lastEventId?.ToString()));
        }
        else if (join.Replaced!.IsAway || join.Replaced.ConnectionId != Context.ConnectionId)
        {
            lastEventId = await _history.TryRecordAsync(roomId, RoomEvent.Reconnected(state.PeerId, _time.GetUtcNow()), CancellationToken.None);
            await Clients.OthersInGroup(group).PeerReconnected(new PeerRef(state.PeerId.Value, lastEventId?.ToString()));
            _metrics.Reconnected(join.Replaced.IsAway);
        }
        else
        {
            lastEventId = await _history.TryLatestAsync(roomId, Context.ConnectionAborted);
        }

        var homeInfo = new RoomHomeInfo(home.Home.Site, home.Home.Epoch);
        if (home.Claimed && home.Home.Epoch > 1)
        {
            // This server took the room over from a home that died or handed it over: tell everyone where it lives now.
            _metrics.HomeMoved();
            _logger.LogInformation("Room {Room} moved its home here at epoch {Epoch}", roomId, home.Home.Epoch);
            await Clients.OthersInGroup(group).RoomHomeChanged(homeInfo);
        }

        _metrics.Joined(rejoin);
        _logger.LogInformation("Peer {PeerId} {JoinKind} room {Room}", state.PeerId, rejoin ? "rejoined" : "joined", roomId);
        var peers = join.Others.Select(m => new PeerInfo(m.PeerId.Value, m.DisplayName)).ToArray();
        return new JoinResponse(state.PeerId.Value, roomId.Value, _site.Name, peers, lastEventId?.ToString(), homeInfo, host?.Value);
    }

    public async Task Leave()
    {
        var state = State;
        var membership = state.Membership ?? throw NotInRoom();
        await LeaveRoomAsync(state, membership);
    }

    public async Task Signal(string toPeerId, JsonElement payload)
    {
        var state = State;
        var membership = await RequireMembershipAsync(state);
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new MeetingHubException(MeetingErrorCodes.InvalidPayload, "a signal payload is a JSON object");
        }

        var size = JsonMarshal.GetRawUtf8Value(payload).Length;
        if (size > _limits.MaxSignalPayloadBytes)
        {
            throw new MeetingHubException(MeetingErrorCodes.PayloadTooLarge, $"a signal payload is at most {_limits.MaxSignalPayloadBytes} bytes");
        }

        if (string.IsNullOrEmpty(toPeerId) || toPeerId == state.PeerId.Value)
        {
            throw new MeetingHubException(MeetingErrorCodes.UnknownPeer, "signal another peer of your room");
        }

        var target = await _roster.FindAsync(membership.Room, new PeerId(toPeerId), Context.ConnectionAborted)
            ?? throw new MeetingHubException(MeetingErrorCodes.UnknownPeer, "no such peer in your room");
        if (target.IsAway)
        {
            throw new MeetingHubException(MeetingErrorCodes.PeerUnavailable, "that peer is reconnecting; signal it again once it is back");
        }

        await Clients.Client(target.ConnectionId).Signal(new SignalMessage(state.PeerId.Value, payload));
        _metrics.SignalRelayed(size);
    }

    public async Task Chat(string text)
    {
        var state = State;
        var membership = await RequireMembershipAsync(state);
        if (string.IsNullOrWhiteSpace(text) || !TextRules.IsPrintable(text, allowLineBreaks: true))
        {
            throw new MeetingHubException(MeetingErrorCodes.InvalidMessage, "a chat message is printable text");
        }

        if (text.Length > _limits.MaxChatLength)
        {
            throw new MeetingHubException(MeetingErrorCodes.PayloadTooLarge, $"a chat message is at most {_limits.MaxChatLength} characters");
        }

        // Logged before it is sent, so a peer that misses it live finds it in the log; if it cannot be
        // logged it is refused (unavailable) rather than sent to some and lost to others.
        var sentAt = _time.GetUtcNow();
        var eventId = await _history.RecordAsync(membership.Room, RoomEvent.Chat(state.PeerId, membership.DisplayName, text, sentAt), Context.ConnectionAborted);
        await Clients.Group(RoomGroups.For(membership.Room)).Chat(new ChatMessage(state.PeerId.Value, membership.DisplayName, text, sentAt, eventId.ToString()));
        _metrics.ChatSent();
    }

    /// <summary>The caller's room's chat and roster events after <paramref name="afterEventId"/>, oldest
    /// first, for a peer that was away (or on a server that died) to catch up after it rejoined.</summary>
    public async Task<ReplayResponse> Replay(string afterEventId)
    {
        var state = State;
        var membership = await RequireMembershipAsync(state);
        if (!RoomEventId.TryParse(afterEventId, out var after))
        {
            throw new MeetingHubException(MeetingErrorCodes.InvalidEventId, "an event id is two numbers joined by '-', as in eventId");
        }

        var page = await _history.ReadAfterAsync(membership.Room, after, Context.ConnectionAborted);
        _metrics.Replayed(page.Events.Count);
        return new ReplayResponse(page.Events.Select(ReplayedEvent.From).ToArray(), page.Truncated);
    }

    /// <summary>Creates (or re-creates) the caller's media transport at the room's home and returns the
    /// server's offer for it. Call after <c>Join</c>, and again whenever the room's home changed.</summary>
    public async Task<MediaJoinResponse> MediaJoin()
    {
        var state = State;
        var membership = await RequireMembershipAsync(state);
        var response = await _media.JoinAsync(membership.Room, state.PeerId, Context.ConnectionAborted);
        _logger.LogInformation("Peer {PeerId} created media transport {TransportId} in room {Room}", state.PeerId, response.TransportId, membership.Room);
        return response;
    }

    /// <summary>The browser's answer to offer <paramref name="revision"/> of its transport.</summary>
    public async Task MediaAnswer(string transportId, string sdp, int revision)
    {
        var state = State;
        var membership = state.Membership ?? throw NotInRoom();
        if (string.IsNullOrEmpty(transportId) || transportId.Length > 64)
        {
            throw new MeetingHubException(SfuErrorCodes.UnknownTransport, "no such transport");
        }

        if (string.IsNullOrEmpty(sdp))
        {
            throw new MeetingHubException(SfuErrorCodes.InvalidSdp, "the answer is empty");
        }

        if (sdp.Length > _limits.MaxSignalPayloadBytes)
        {
            throw new MeetingHubException(MeetingErrorCodes.PayloadTooLarge, $"an SDP is at most {_limits.MaxSignalPayloadBytes} characters");
        }

        await _media.AnswerAsync(membership.Room, state.PeerId, transportId, sdp, revision, Context.ConnectionAborted);
    }

    /// <summary>Mutes or unmutes the caller's audio or video: the server forwards nothing of a muted
    /// track, and the room receives <c>PeerMuted</c>.</summary>
    public async Task SetMuted(string kind, bool muted)
    {
        var state = State;
        var membership = await RequireMembershipAsync(state);
        if (!RoomMedia.TryParseKind(kind, out var mediaKind))
        {
            throw new MeetingHubException(MeetingErrorCodes.InvalidMessage, "kind is \"audio\" or \"video\"");
        }

        await _media.SetMutedAsync(membership.Room, state.PeerId, mediaKind, muted, Context.ConnectionAborted);
        await Clients.Group(RoomGroups.For(membership.Room)).PeerMuted(new PeerMutedMessage(state.PeerId.Value, kind, muted));
    }

    /// <summary>Closes the caller's media transport; it stays in the room (without media).</summary>
    public async Task MediaLeave()
    {
        var state = State;
        var membership = state.Membership ?? throw NotInRoom();
        await _media.PeerLeftAsync(membership.Room, state.PeerId, Context.ConnectionAborted);
    }

    private static MeetingHubException NotInRoom() => new(MeetingErrorCodes.NotInRoom, "join a room first");

    private async Task LeaveRoomAsync(ConnectionState state, RoomMembership membership)
    {
        state.Membership = null;
        var group = RoomGroups.For(membership.Room);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        if (await _roster.RemoveAsync(membership.Room, state.PeerId, Context.ConnectionId, Context.ConnectionAborted))
        {
            // The peer is gone whatever happens to this connection now: log that without its token.
            var eventId = await _history.TryRecordAsync(membership.Room, RoomEvent.Left(state.PeerId, _time.GetUtcNow()), CancellationToken.None);
            await Clients.Group(group).PeerLeft(new PeerRef(state.PeerId.Value, eventId?.ToString()));
            await _media.PeerLeftAsync(membership.Room, state.PeerId, CancellationToken.None);
            await _succession.PeerLeftAsync(membership.Room, state.PeerId, CancellationToken.None);
            _logger.LogInformation("Peer {PeerId} left room {Room}", state.PeerId, membership.Room);
        }
    }

    /// <summary>The same session joined from a newer connection (a second tab, or a reconnect the old
    /// socket has not noticed yet): the old connection stops receiving the room's traffic. Best effort:
    /// the old connection may be on a server that just died, which will never acknowledge.</summary>
    private async Task EvictConnectionAsync(string connectionId, string group)
    {
        if (_connections.Find(connectionId) is { } old)
        {
            old.Membership = null;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Context.ConnectionAborted);
        bounded.CancelAfter(EvictTimeout);
        try
        {
            await Groups.RemoveFromGroupAsync(connectionId, group, bounded.Token);
        }
        catch (Exception ex) when (ex is BackplaneTimeoutException || (ex is OperationCanceledException && !Context.ConnectionAborted.IsCancellationRequested))
        {
            _logger.LogDebug("Connection {ConnectionId} replaced by a newer one did not leave group {Group}: its server did not answer", connectionId, group);
        }
    }
}
