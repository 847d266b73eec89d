namespace Meeting.Sfu;

/// <summary>
/// One forwarded track: a <see cref="Producer"/> of another peer, sent to this consumer's transport on the
/// producer's own SSRC (so one retransmission buffer serves every consumer) in the m-line <see cref="Mid"/>
/// of that transport's SDP.
/// </summary>
public sealed class Consumer
{
    internal Consumer(WebRtcTransport transport, Producer producer, string mid)
    {
        Transport = transport;
        Producer = producer;
        Mid = mid;
    }

    public WebRtcTransport Transport { get; }

    public Producer Producer { get; }

    /// <summary>The m-line this consumer occupies in its transport's SDP.</summary>
    public string Mid { get; }

    public bool Closed { get; private set; }

    /// <summary>Whether the browser answered the offer that holds this consumer's m-line: before that it
    /// drops the stream's packets (it has no receiver for them), so a keyframe sent earlier is lost.</summary>
    internal bool Negotiated { get; set; }

    /// <summary>When media could first reach the browser: negotiated and its transport connected.</summary>
    internal TimeSpan? LiveSince { get; set; }

    /// <summary>The next sequence number of this consumer's RTX stream (RFC 4588 §4: an RTX stream has
    /// sequence numbers of its own).</summary>
    internal ushort NextRtxSequence { get; set; } = (ushort)Random.Shared.Next(0, ushort.MaxValue);

    internal void Close()
    {
        if (Closed)
        {
            return;
        }

        Closed = true;
        Producer.Detach(this);
        Transport.OnConsumerClosed(this);
    }
}
