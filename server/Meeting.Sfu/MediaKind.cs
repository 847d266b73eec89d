namespace Meeting.Sfu;

/// <summary>What a track carries. Written on the wire as "audio" and "video" (SDP m-line media types).</summary>
public enum MediaKind
{
    Audio,
    Video,
}
