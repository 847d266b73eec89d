namespace Meeting.Sfu.Internal;

/// <summary>What a browser's answer says it sends in one of its own m-lines.</summary>
internal readonly record struct PublishedTrack(MediaKind Kind, uint Ssrc, uint? RtxSsrc);
