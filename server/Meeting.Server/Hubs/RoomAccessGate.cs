using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Hubs;

/// <summary>
/// Decides whether a join may enter its room, before the roster changes: a refused or removed session never
/// does; a newcomer to a locked room waits in its lobby (the host hears <c>LobbyKnock</c>) unless the host
/// admitted it or it presents a valid invite; a room that does not exist is created only by <c>CreateRoom</c>
/// or where open rooms are allowed. After the roster join it records who hosts the room.
/// </summary>
internal sealed class RoomAccessGate
{
    private readonly IRoomRoster _roster;
    private readonly IRoomAccessStore _access;
    private readonly RoomInviteCodec _invites;
    private readonly IHubContext<MeetingHub, IMeetingClient> _hub;
    private readonly TimeProvider _time;
    private readonly RoomAccessOptions _options;
    private readonly ILogger<RoomAccessGate> _logger;

    public RoomAccessGate(
        IRoomRoster roster,
        IRoomAccessStore access,
        RoomInviteCodec invites,
        IHubContext<MeetingHub, IMeetingClient> hub,
        TimeProvider time,
        IOptions<RoomAccessOptions> options,
        ILogger<RoomAccessGate> logger)
    {
        _roster = roster;
        _access = access;
        _invites = invites;
        _hub = hub;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Throws the coded refusal, or returns the room's host as the join found it (null for a room the join creates).</summary>
    public async Task<PeerId?> EnterAsync(JoinIntent intent, RoomId room, PeerId peer, string displayName, string connectionId, string? inviteToken, CancellationToken cancellationToken)
    {
        if (intent == JoinIntent.Invite)
        {
            switch (_invites.Check(inviteToken, room, _time.GetUtcNow()))
            {
                case RoomInviteVerdict.Invalid:
                    throw new MeetingHubException(MeetingErrorCodes.InvalidInvite, "the invite is not valid for this room");
                case RoomInviteVerdict.Expired:
                    throw new MeetingHubException(MeetingErrorCodes.InviteExpired, "the invite has expired; ask the host for a new one");
            }
        }

        if (!await _roster.RoomExistsAsync(room, cancellationToken))
        {
            if (intent != JoinIntent.Create && !_options.AllowOpenRooms)
            {
                throw new MeetingHubException(MeetingErrorCodes.RoomNotFound, "no such room; rooms here are created with CreateRoom");
            }

            return null;
        }

        if (intent == JoinIntent.Create)
        {
            throw new MeetingHubException(MeetingErrorCodes.RoomExists, "that room already exists; Join it instead");
        }

        var view = await _access.ReadAsync(room, peer, cancellationToken);
        switch (view.Denial)
        {
            case RoomDenial.Removed:
                throw new MeetingHubException(MeetingErrorCodes.Removed, "the host removed you from this room");
            case RoomDenial.Refused:
                throw new MeetingHubException(MeetingErrorCodes.Refused, "the host refused you entry to this room");
        }

        if (!view.Locked || view.Host == peer || view.Admitted || intent == JoinIntent.Invite)
        {
            return view.Host;
        }

        // Already inside (another tab, or back within its reconnect grace): a lock keeps out newcomers only.
        if (await _roster.FindAsync(room, peer, cancellationToken) is not null)
        {
            return view.Host;
        }

        var knock = await _access.KnockAsync(room, new LobbyEntry(peer, displayName, connectionId), _options.MaxLobbyPeers, cancellationToken);
        if (knock == LobbyKnockResult.Full)
        {
            throw new MeetingHubException(MeetingErrorCodes.LobbyFull, $"{_options.MaxLobbyPeers} peers already wait to enter this room");
        }

        if (knock == LobbyKnockResult.Waiting && view.Host is { } host && await _roster.FindAsync(room, host, cancellationToken) is { } hostPlace)
        {
            await _hub.Clients.Client(hostPlace.ConnectionId).LobbyKnock(new LobbyPeerMessage(peer.Value, displayName));
        }

        _logger.LogInformation("Peer {PeerId} waits in the lobby of room {Room}", peer, room);
        throw new MeetingHubException(MeetingErrorCodes.InLobby, "the room is locked; wait for LobbyAdmitted, then Join again");
    }

    /// <summary>After the roster join: the join that created the room opens its access with the joiner as
    /// host; a newcomer's arrival is recorded for the host's succession. Returns the room's host.</summary>
    /// <remarks>Best effort: the peer is in the room whatever the store says now, and a room that lost its
    /// host gets one from the next arrival.</remarks>
    public async Task<PeerId?> JoinedAsync(RoomId room, PeerId peer, RosterJoin join, PeerId? hostBefore, CancellationToken cancellationToken)
    {
        try
        {
            return await RecordJoinAsync(room, peer, join, hostBefore, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            _logger.LogWarning(ex, "Could not record who hosts room {Room} after peer {PeerId} joined", room, peer);
            return hostBefore;
        }
    }

    private async Task<PeerId?> RecordJoinAsync(RoomId room, PeerId peer, RosterJoin join, PeerId? hostBefore, CancellationToken cancellationToken)
    {
        if (join.Kind == RosterJoinKind.Joined && join.Others.Count == 0)
        {
            // Rooms that only CreateRoom makes start locked: nobody else was meant to walk in by name.
            await _access.OpenAsync(room, peer, locked: !_options.AllowOpenRooms, _time.GetUtcNow(), cancellationToken);
            return peer;
        }

        if (join.Kind == RosterJoinKind.Joined)
        {
            var host = await _access.ArriveAsync(room, peer, _time.GetUtcNow(), cancellationToken);
            if (host == peer && hostBefore != peer)
            {
                // The room had lost its host (its access state was lost with the store's data).
                await _hub.Clients.Group(RoomGroups.For(room)).HostChanged(new HostChangedMessage(peer.Value));
            }

            return host;
        }

        return hostBefore;
    }
}
