using System.Diagnostics.Metrics;

namespace Meeting.Sfu;

/// <summary>
/// The SFU's counters, exported as <c>meeting_sfu_*</c>. The media loop updates plain fields (it is the
/// only writer, so no interlocked operations on the packet path) and the meter reads them when scraped.
/// </summary>
public sealed class SfuMetrics : IDisposable
{
    public const string MeterName = "Meeting.Sfu";

    private readonly Meter _meter;
    private readonly long[] _dropped = new long[Enum.GetValues<DropCause>().Length];
    private long _packetsIn;
    private long _bytesIn;
    private long _packetsOut;
    private long _bytesOut;
    private long _rtpForwarded;
    private long _nacks;
    private long _retransmissions;
    private long _keyFrameRequests;
    private long _sendFailures;

    public SfuMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("packets_received", () => Volatile.Read(ref _packetsIn), "{packet}", "UDP datagrams received on the media port");
        _meter.CreateObservableCounter("bytes_received", () => Volatile.Read(ref _bytesIn), "By", "bytes received on the media port");
        _meter.CreateObservableCounter("packets_sent", () => Volatile.Read(ref _packetsOut), "{packet}", "UDP datagrams sent from the media port");
        _meter.CreateObservableCounter("bytes_sent", () => Volatile.Read(ref _bytesOut), "By", "bytes sent from the media port");
        _meter.CreateObservableCounter("rtp_forwarded", () => Volatile.Read(ref _rtpForwarded), "{packet}", "RTP packets forwarded to consumers");
        _meter.CreateObservableCounter("nacks", () => Volatile.Read(ref _nacks), "{packet}", "sequence numbers consumers asked to be sent again");
        _meter.CreateObservableCounter("retransmissions", () => Volatile.Read(ref _retransmissions), "{packet}", "packets sent again from the retransmission buffers");
        _meter.CreateObservableCounter("keyframe_requests", () => Volatile.Read(ref _keyFrameRequests), "{request}", "PLIs sent to publishers");
        _meter.CreateObservableCounter("send_failures", () => Volatile.Read(ref _sendFailures), "{packet}", "datagrams the socket refused to send");
        _meter.CreateObservableCounter("packets_dropped", ObserveDropped, "{packet}", "incoming datagrams dropped, by cause");
    }

    /// <summary>Exports the live transports, producers and consumers the worker counts.</summary>
    internal void ObserveCensus(Func<MediaCensus> census)
    {
        _meter.CreateObservableGauge("transports", () => census().Transports, "{transport}", "WebRTC transports hosted here");
        _meter.CreateObservableGauge("producers", () => census().Producers, "{producer}", "incoming tracks");
        _meter.CreateObservableGauge("consumers", () => census().Consumers, "{consumer}", "forwarded tracks");
    }

    public long PacketsReceived => Volatile.Read(ref _packetsIn);

    public long RtpForwarded => Volatile.Read(ref _rtpForwarded);

    public long Retransmissions => Volatile.Read(ref _retransmissions);

    public long KeyFrameRequests => Volatile.Read(ref _keyFrameRequests);

    public long DroppedBy(DropCause cause) => Volatile.Read(ref _dropped[(int)cause]);

    internal void PacketReceived(int bytes)
    {
        _packetsIn++;
        _bytesIn += bytes;
    }

    internal void PacketsSent(int packets, long bytes)
    {
        Interlocked.Add(ref _packetsOut, packets);
        Interlocked.Add(ref _bytesOut, bytes);
    }

    internal void Forwarded() => _rtpForwarded++;

    internal void Nacked(int count) => _nacks += count;

    internal void Retransmitted() => _retransmissions++;

    internal void KeyFrameRequested() => _keyFrameRequests++;

    internal void SendFailed(int packets) => Interlocked.Add(ref _sendFailures, packets);

    internal void Dropped(DropCause cause) => Interlocked.Increment(ref _dropped[(int)cause]);

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveDropped()
    {
        foreach (var cause in Enum.GetValues<DropCause>())
        {
            yield return new Measurement<long>(Volatile.Read(ref _dropped[(int)cause]), new KeyValuePair<string, object?>("cause", CauseLabel(cause)));
        }
    }

    private static string CauseLabel(DropCause cause) => cause switch
    {
        DropCause.Malformed => "malformed",
        DropCause.UnknownIceUsername => "unknown_ice_username",
        DropCause.IceAuthentication => "ice_authentication",
        DropCause.AddressNotVerified => "address_not_verified",
        DropCause.SrtpAuthentication => "srtp_authentication",
        DropCause.Replay => "replay",
        DropCause.UnknownSsrc => "unknown_ssrc",
        DropCause.NotConnected => "not_connected",
        DropCause.DtlsQueueFull => "dtls_queue_full",
        _ => "other",
    };
}
