using System.Text.Json;

namespace Meeting.Server.Hubs;

// The hub's public wire contract. SignalR's JSON protocol writes these camelCase.

/// <summary>What <c>Join</c> returns.</summary>
public sealed record JoinResponse(string PeerId, string Room, string Site, IReadOnlyList<PeerInfo> Peers);

/// <summary>A peer as others see it; sent with <c>PeerJoined</c> and in the roster.</summary>
public sealed record PeerInfo(string PeerId, string DisplayName);

/// <summary>Sent with <c>PeerLeft</c> and <c>PeerReconnected</c>.</summary>
public sealed record PeerRef(string PeerId);

/// <summary>A relayed offer, answer or ICE candidate; <see cref="FromPeerId"/> is set by the server, never by the sender.</summary>
public sealed record SignalMessage(string FromPeerId, JsonElement Payload);

public sealed record ChatMessage(string FromPeerId, string DisplayName, string Text, DateTimeOffset SentAt);
