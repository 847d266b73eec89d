namespace Meeting.Sfu;

/// <summary>A peer's muted track in a room.</summary>
public sealed record MediaMute(string PeerId, MediaKind Kind);
