using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Media;
using Meeting.Server.Rooms;
using Meeting.SignalR.Redis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Hubs;

/// <summary>
/// What only a room's host may do: lock and unlock it, answer its lobby, remove a peer and hand out invites.
/// The host is whoever <see cref="IRoomAccessStore"/> names for the caller's room, checked on every call
/// against the caller's session's peer id; answers to peers go to their connections through the hub's
/// lifetime manager, so they reach connections at the other site too.
/// </summary>
internal sealed class RoomHostControls
{
    private const int MaxPeerIdLength = 64;
    private static readonly TimeSpan GroupLeaveTimeout = TimeSpan.FromMilliseconds(500);

    private readonly IRoomRoster _roster;
    private readonly IRoomAccessStore _access;
    private readonly RoomHistory _history;
    private readonly RoomMedia _media;
    private readonly RoomHostSuccession _succession;
    private readonly LocalConnections _connections;
    private readonly RoomInviteCodec _invites;
    private readonly IHubContext<MeetingHub, IMeetingClient> _hub;
    private readonly TimeProvider _time;
    private readonly RoomAccessOptions _options;
    private readonly ILogger<RoomHostControls> _logger;

    public RoomHostControls(
        IRoomRoster roster,
        IRoomAccessStore access,
        RoomHistory history,
        RoomMedia media,
        RoomHostSuccession succession,
        LocalConnections connections,
        RoomInviteCodec invites,
        IHubContext<MeetingHub, IMeetingClient> hub,
        TimeProvider time,
        IOptions<RoomAccessOptions> options,
        ILogger<RoomHostControls> logger)
    {
        _roster = roster;
        _access = access;
        _history = history;
        _media = media;
        _succession = succession;
        _connections = connections;
        _invites = invites;
        _hub = hub;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public async Task SetLockedAsync(ConnectionState caller, bool locked, CancellationToken cancellationToken)
    {
        var room = await RequireHostAsync(caller, cancellationToken);
        var released = await _access.SetLockedAsync(room, locked, cancellationToken);
        await _hub.Clients.Group(RoomGroups.For(room)).RoomLocked(new RoomLockedMessage(locked));
        foreach (var waiting in released)
        {
            await _hub.Clients.Client(waiting.ConnectionId).LobbyAdmitted(new RoomRefMessage(room.Value));
        }

        _logger.LogInformation("Host {PeerId} {Action} room {Room}", caller.PeerId, locked ? "locked" : "unlocked", room);
    }

    public async Task AdmitAsync(ConnectionState caller, string peerId, CancellationToken cancellationToken)
    {
        var room = await RequireHostAsync(caller, cancellationToken);
        var entry = await _access.AdmitAsync(room, ParsePeer(peerId), cancellationToken) ?? throw NotWaiting();
        await _hub.Clients.Client(entry.ConnectionId).LobbyAdmitted(new RoomRefMessage(room.Value));
        _logger.LogInformation("Host {PeerId} admitted {Admitted} into room {Room}", caller.PeerId, entry.PeerId, room);
    }

    public async Task RefuseAsync(ConnectionState caller, string peerId, CancellationToken cancellationToken)
    {
        var room = await RequireHostAsync(caller, cancellationToken);
        var entry = await _access.RefuseAsync(room, ParsePeer(peerId), cancellationToken) ?? throw NotWaiting();
        await _hub.Clients.Client(entry.ConnectionId).LobbyRefused(new RoomRefMessage(room.Value));
        _logger.LogInformation("Host {PeerId} refused {Refused} entry to room {Room}", caller.PeerId, entry.PeerId, room);
    }

    /// <summary>Denies the peer first, so that it cannot join back between its removal from the roster and
    /// the denial; then ends its place, tells it why, and takes its connection out of the room's group.</summary>
    public async Task RemovePeerAsync(ConnectionState caller, string peerId, CancellationToken cancellationToken)
    {
        var room = await RequireHostAsync(caller, cancellationToken);
        var target = ParsePeer(peerId);
        if (target == caller.PeerId)
        {
            throw new MeetingHubException(MeetingErrorCodes.UnknownPeer, "a host cannot remove itself; Leave instead");
        }

        var member = await _roster.FindAsync(room, target, cancellationToken)
            ?? throw new MeetingHubException(MeetingErrorCodes.UnknownPeer, "no such peer in your room");
        await _access.RemoveAsync(room, target, cancellationToken);
        if (_connections.Find(member.ConnectionId) is { } local)
        {
            local.Membership = null;
        }

        var group = RoomGroups.For(room);
        await _hub.Clients.Client(member.ConnectionId).RemovedFromRoom(new RemovedMessage(room.Value, "removed_by_host"));
        await LeaveGroupAsync(member.ConnectionId, group, cancellationToken);
        if (await _roster.RemoveAsync(room, target, member.ConnectionId, cancellationToken))
        {
            var eventId = await _history.TryRecordAsync(room, RoomEvent.Left(target, _time.GetUtcNow()), CancellationToken.None);
            await _hub.Clients.Group(group).PeerLeft(new PeerRef(target.Value, eventId?.ToString()));
            await _media.PeerLeftAsync(room, target, CancellationToken.None);
            await _succession.PeerLeftAsync(room, target, CancellationToken.None);
        }

        _logger.LogInformation("Host {PeerId} removed {Removed} from room {Room}", caller.PeerId, target, room);
    }

    public async Task<InviteResponse> CreateInviteAsync(ConnectionState caller, CancellationToken cancellationToken)
    {
        var room = await RequireHostAsync(caller, cancellationToken);
        var expiresAt = _time.GetUtcNow() + _options.InviteLifetime;
        return new InviteResponse(room.Value, _invites.Encode(room, expiresAt), expiresAt);
    }

    /// <summary>Any peer of the room may ask who hosts it and whether it is locked; only the host sees the lobby.</summary>
    public async Task<RoomAccessResponse> DescribeAsync(ConnectionState caller, CancellationToken cancellationToken)
    {
        var room = caller.Membership?.Room ?? throw NotInRoom();
        var view = await _access.ReadAsync(room, caller.PeerId, cancellationToken);
        var lobby = view.Host == caller.PeerId
            ? (await _access.LobbyAsync(room, cancellationToken)).Select(e => new LobbyPeerMessage(e.PeerId.Value, e.DisplayName)).ToArray()
            : [];
        return new RoomAccessResponse(view.Host?.Value, view.Locked, lobby);
    }

    private static MeetingHubException NotInRoom() => new(MeetingErrorCodes.NotInRoom, "join a room first");

    private static MeetingHubException NotWaiting() => new(MeetingErrorCodes.UnknownPeer, "no such peer waits in your room's lobby");

    private static PeerId ParsePeer(string? peerId)
        => string.IsNullOrEmpty(peerId) || peerId.Length > MaxPeerIdLength
            ? throw new MeetingHubException(MeetingErrorCodes.UnknownPeer, "a peer id is 1-64 characters")
            : new PeerId(peerId);

    /// <summary>Bounded: the removed connection may be on a server that just died and will never answer;
    /// its place and its session's entry are gone whatever happens here.</summary>
    private async Task LeaveGroupAsync(string connectionId, string group, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(GroupLeaveTimeout);
        try
        {
            await _hub.Groups.RemoveFromGroupAsync(connectionId, group, bounded.Token);
        }
        catch (Exception ex) when (ex is BackplaneTimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _logger.LogDebug("Removed connection {ConnectionId} did not leave group {Group}: its server did not answer", connectionId, group);
        }
    }

    private async Task<RoomId> RequireHostAsync(ConnectionState caller, CancellationToken cancellationToken)
    {
        var room = caller.Membership?.Room ?? throw NotInRoom();
        var view = await _access.ReadAsync(room, caller.PeerId, cancellationToken);
        return view.Host == caller.PeerId
            ? room
            : throw new MeetingHubException(MeetingErrorCodes.NotHost, "only the room's host may do that");
    }
}
