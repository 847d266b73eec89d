namespace Meeting.Server.Hubs;

// The room-access part of the hub's wire contract (hosts, locks, the lobby, invites); see HubContracts.cs.

/// <summary>Sent with <c>LobbyKnock</c> to the host, and listed by <c>GetRoomAccess</c>: a peer waiting to enter.</summary>
public sealed record LobbyPeerMessage(string PeerId, string DisplayName);

/// <summary>Sent with <c>LobbyAdmitted</c> and <c>LobbyRefused</c>: the room the answer is about.</summary>
public sealed record RoomRefMessage(string Room);

/// <summary>Sent with <c>RemovedFromRoom</c>: the room the peer is out of, and why (<c>removed_by_host</c>).</summary>
public sealed record RemovedMessage(string Room, string Reason);

/// <summary>Sent with <c>RoomLocked</c> to the whole room.</summary>
public sealed record RoomLockedMessage(bool Locked);

/// <summary>Sent with <c>HostChanged</c> to the whole room.</summary>
public sealed record HostChangedMessage(string HostPeerId);

/// <summary>What <c>CreateInvite</c> returns: a token for <c>JoinWithInvite</c>, good until <see cref="ExpiresAt"/>.</summary>
public sealed record InviteResponse(string Room, string Token, DateTimeOffset ExpiresAt);

/// <summary>What <c>GetRoomAccess</c> returns: the host, the lock, and (to the host only) who waits in the lobby.</summary>
public sealed record RoomAccessResponse(string? HostPeerId, bool Locked, IReadOnlyList<LobbyPeerMessage> Lobby);
