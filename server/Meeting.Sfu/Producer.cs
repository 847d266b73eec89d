using Meeting.Sfu.Internal;

namespace Meeting.Sfu;

/// <summary>
/// One incoming track of a peer: the SSRCs its browser sends it on (and the RTX SSRC of its
/// retransmissions and probes), and the <see cref="Consumer"/>s that forward it to the rest of the room.
/// Lives on the media loop's thread, like everything the <see cref="Router"/> owns.
/// </summary>
public sealed class Producer
{
    private readonly List<Consumer> _consumers = [];
    private TimeSpan? _lastKeyFrameRequest;

    internal Producer(WebRtcTransport transport, MediaKind kind, uint ssrc, uint? rtxSsrc, int retransmissionPackets)
    {
        Transport = transport;
        Kind = kind;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        TrackId = $"{transport.PeerId}-{(kind == MediaKind.Audio ? "audio" : "video")}";
        Retransmissions = kind == MediaKind.Video ? new RetransmissionBuffer(retransmissionPackets) : null;
    }

    public WebRtcTransport Transport { get; }

    public MediaKind Kind { get; }

    public uint Ssrc { get; }

    public uint? RtxSsrc { get; }

    /// <summary>The msid track id the others' browsers see it as: <c>{peerId}-{kind}</c>.</summary>
    public string TrackId { get; }

    /// <summary>Paused while its peer is muted: nothing is forwarded.</summary>
    public bool Paused { get; internal set; }

    public bool Closed { get; private set; }

    internal IReadOnlyList<Consumer> Consumers => _consumers;

    internal RetransmissionBuffer? Retransmissions { get; }

    internal void Attach(Consumer consumer) => _consumers.Add(consumer);

    internal void Detach(Consumer consumer) => _consumers.Remove(consumer);

    /// <summary>Asks the publisher for a keyframe, at most once per <paramref name="interval"/>: every
    /// consumer that starts or loses sync asks, and a burst of them must not flood the publisher.</summary>
    internal bool TryBeginKeyFrameRequest(TimeSpan now, TimeSpan interval)
    {
        if (Kind != MediaKind.Video || Closed || (_lastKeyFrameRequest is { } last && now - last < interval))
        {
            return false;
        }

        _lastKeyFrameRequest = now;
        return true;
    }

    /// <summary>Closes this producer and, cascading, every consumer of it.</summary>
    internal void Close()
    {
        if (Closed)
        {
            return;
        }

        Closed = true;
        foreach (var consumer in _consumers.ToArray())
        {
            consumer.Close();
        }

        _consumers.Clear();
    }
}
