namespace Meeting.WebRtc.Sdp;

/// <summary>The t= line. WebRTC always writes "t=0 0" (an unbounded session, RFC 8829 §5.2.1).</summary>
/// <remarks>RFC 8866 §5.9. Only one t= line is accepted; repeat times (r=) are kept as raw lines.</remarks>
public sealed record SdpTiming(ulong Start, ulong Stop)
{
    /// <summary>"t=0 0": permanent session.</summary>
    public static SdpTiming Unbounded { get; } = new(0, 0);

    public override string ToString() => $"{Start} {Stop}";
}
