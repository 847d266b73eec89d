using Meeting.Server.Domain;

namespace Meeting.Server.Rooms;

/// <summary>A peer waiting at a locked room's door; <see cref="ConnectionId"/> is where its answer goes.</summary>
public sealed record LobbyEntry(PeerId PeerId, string DisplayName, string ConnectionId);
