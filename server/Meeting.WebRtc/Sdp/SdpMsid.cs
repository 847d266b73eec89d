namespace Meeting.WebRtc.Sdp;

/// <summary>a=msid: the MediaStream and MediaStreamTrack a section's media belongs to.</summary>
/// <remarks>RFC 8830 §2: msid-id [SP msid-appdata]. JSEP writes the stream id ("-" for a track in no
/// stream) and the track id.</remarks>
public sealed record SdpMsid(string StreamId, string? TrackId = null)
{
    /// <summary>The stream id written for a track that belongs to no stream (RFC 8829 §5.2.1).</summary>
    public const string NoStream = "-";

    public override string ToString() => TrackId is null ? StreamId : StreamId + " " + TrackId;
}
