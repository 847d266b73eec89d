namespace Meeting.Server.Hubs;

/// <summary>The hub's room-access methods: creating a room as its host, joining with an invite, and the
/// host's controls, which <see cref="RoomHostControls"/> carries out.</summary>
internal sealed partial class MeetingHub
{
    /// <summary>Creates the room with the caller as its host and joins it; <c>room_exists</c> when it exists.
    /// Where open rooms are not allowed, this is the only way to create a room, and it starts locked.</summary>
    public Task<JoinResponse> CreateRoom(string room, string displayName) => JoinAsync(JoinIntent.Create, room, displayName, null);

    /// <summary>Joins as <c>Join</c> does, past the lobby of a locked room with a valid invite for it.</summary>
    public Task<JoinResponse> JoinWithInvite(string room, string displayName, string inviteToken) => JoinAsync(JoinIntent.Invite, room, displayName, inviteToken);

    public Task SetRoomLocked(bool locked) => _host.SetLockedAsync(State, locked, Context.ConnectionAborted);

    public Task Admit(string peerId) => _host.AdmitAsync(State, peerId, Context.ConnectionAborted);

    public Task Refuse(string peerId) => _host.RefuseAsync(State, peerId, Context.ConnectionAborted);

    public Task RemovePeer(string peerId) => _host.RemovePeerAsync(State, peerId, Context.ConnectionAborted);

    public Task<InviteResponse> CreateInvite() => _host.CreateInviteAsync(State, Context.ConnectionAborted);

    public Task<RoomAccessResponse> GetRoomAccess() => _host.DescribeAsync(State, Context.ConnectionAborted);

    /// <summary>The caller's room, unless the host removed it meanwhile: the removal may have been made at
    /// another server, which could only take this connection out of the room's group, not forget its membership.</summary>
    /// <remarks>Without a Task when the removal check completes at once (always in memory): every Signal
    /// passes here, and a Task per call was a twentieth of the bytes a Signal allocated.</remarks>
    private ValueTask<RoomMembership> RequireMembershipAsync(ConnectionState state)
    {
        var membership = state.Membership ?? throw NotInRoom();
        var removed = _access.IsRemovedAsync(membership.Room, state.PeerId, Context.ConnectionAborted);
        return removed.IsCompletedSuccessfully ? new(Admit(state, membership, removed.Result)) : AwaitRemovedAsync(state, membership, removed);
    }

    private static async ValueTask<RoomMembership> AwaitRemovedAsync(ConnectionState state, RoomMembership membership, ValueTask<bool> removed)
        => Admit(state, membership, await removed);

    private static RoomMembership Admit(ConnectionState state, RoomMembership membership, bool removed)
    {
        if (removed)
        {
            state.Membership = null;
            throw new MeetingHubException(MeetingErrorCodes.Removed, "the host removed you from this room");
        }

        return membership;
    }
}
