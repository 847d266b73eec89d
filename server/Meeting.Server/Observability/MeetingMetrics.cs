using System.Diagnostics.Metrics;
using Meeting.Server.Sessions;

namespace Meeting.Server.Observability;

/// <summary>The service's own instruments. Names follow OpenTelemetry's dotted style; each is exported
/// under the Prometheus name <see cref="ExportedMetrics"/> lists.</summary>
internal sealed class MeetingMetrics
{
    public const string MeterName = "Meeting.Server";

    private readonly TaggedTally _invocations = new("method");
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _joins;
    private long _signalBytes;
    private readonly Counter<long> _chatMessages;
    private readonly Histogram<double> _drainDuration;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _homeMoves;
    private readonly Counter<long> _replayed;
    private readonly Counter<long> _connectionsRefused;
    private readonly Counter<long> _floodClosed;
    private readonly Counter<long> _sessionClosed;

    public MeetingMetrics(IMeterFactory meterFactory, IMeetingGauges gauges)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("meeting.rooms.homed", () => gauges.RoomsHomedHere, "{room}", "Rooms whose home is this server.");
        meter.CreateObservableGauge("meeting.connections", () => gauges.Connections, "{connection}", "Hub connections open on this server.");
        meter.CreateObservableGauge("meeting.rooms", () => gauges.Rooms, "{room}", "Rooms with at least one peer.");
        meter.CreateObservableGauge("meeting.peers", () => gauges.Peers, "{peer}", "Peers in rooms, including those inside their reconnect grace.");
        // Counted on every hub call, so observed (read when collected) rather than measured: see TaggedTally.
        meter.CreateObservableCounter("meeting.hub.invocations", _invocations.Observe, "{invocation}", "Hub method calls received, by method.");
        _rejections = meter.CreateCounter<long>("meeting.hub.rejections", "{invocation}", "Hub method calls refused, by error code.");
        _joins = meter.CreateCounter<long>("meeting.joins", "{join}", "Successful joins, by kind (new or rejoin).");
        meter.CreateObservableCounter("meeting.signal.size", ObserveSignalBytes, "By", "Bytes of signalling payload relayed between peers.");
        _chatMessages = meter.CreateCounter<long>("meeting.chat.messages", "{message}", "Chat messages delivered to rooms.");
        _drainDuration = meter.CreateHistogram<double>(
            "meeting.drain.duration",
            "s",
            "How long a graceful shutdown took to send its clients elsewhere.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 3, 5, 8, 13, 20, 30] });
        _replayed = meter.CreateCounter<long>("meeting.events.replayed", "{event}", "Room events sent again to peers catching up after a reconnect.");
        _homeMoves = meter.CreateCounter<long>("meeting.room_home.moves", "{move}", "Rooms this server took over from a home that stopped renewing or handed them over.");
        _connectionsRefused = meter.CreateCounter<long>("meeting.connections.refused", "{connection}", "Hub connections refused at connect, by the limit they hit (session or address).");
        _floodClosed = meter.CreateCounter<long>("meeting.connections.flood_closed", "{connection}", "Hub connections closed for calling on after too many rate_limited refusals.");
        _sessionClosed = meter.CreateCounter<long>("meeting.connections.session_ended", "{connection}", "Hub connections closed because their session ended, by cause (revoked or expired).");
        _reconnects = meter.CreateCounter<long>("meeting.reconnects", "{reconnect}", "Peers back in their room on a new connection, by cause: within their grace, or taking over from a connection still open.");
    }

    public void Invoked(string method) => _invocations.Add(method);

    public void Rejected(string code) => _rejections.Add(1, new KeyValuePair<string, object?>("code", code));

    public void Joined(bool rejoin) => _joins.Add(1, new KeyValuePair<string, object?>("kind", rejoin ? "rejoin" : "new"));

    public void SignalRelayed(int bytes) => Interlocked.Add(ref _signalBytes, bytes);

    public void ChatSent() => _chatMessages.Add(1);

    public void HomeMoved() => _homeMoves.Add(1);

    public void Replayed(int events) => _replayed.Add(events);

    public void Drained(TimeSpan took) => _drainDuration.Record(took.TotalSeconds);

    public void Reconnected(bool wasAway) => _reconnects.Add(1, new KeyValuePair<string, object?>("cause", wasAway ? "within_grace" : "takeover"));

    public void ConnectionRefused(string reason) => _connectionsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void FloodClosed() => _floodClosed.Add(1);

    public void SessionConnectionClosed(SessionEndCause cause)
        => _sessionClosed.Add(1, new KeyValuePair<string, object?>("cause", cause == SessionEndCause.Revoked ? "revoked" : "expired"));

    /// <summary>Nothing until the first Signal, as with a counter that was never added to.</summary>
    private IEnumerable<Measurement<long>> ObserveSignalBytes()
    {
        var bytes = Volatile.Read(ref _signalBytes);
        return bytes > 0 ? [new Measurement<long>(bytes)] : [];
    }
}
