using System.Diagnostics.Metrics;

namespace Meeting.Server.Observability;

/// <summary>The service's own instruments. Names follow OpenTelemetry's dotted style; prometheus-net's
/// meter adapter exports each as <c>meeting_server_</c> + its name in snake_case (see <see cref="MeterExport"/>).</summary>
internal sealed class MeetingMetrics
{
    public const string MeterName = "Meeting.Server";

    private readonly Counter<long> _invocations;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _joins;
    private readonly Counter<long> _signalBytes;
    private readonly Counter<long> _chatMessages;
    private readonly Histogram<double> _drainDuration;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _homeMoves;
    private readonly Counter<long> _replayed;

    public MeetingMetrics(IMeterFactory meterFactory, IMeetingGauges gauges)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("meeting.rooms.homed", () => gauges.RoomsHomedHere, "{room}", "Rooms whose home is this server.");
        meter.CreateObservableGauge("meeting.connections", () => gauges.Connections, "{connection}", "Hub connections open on this server.");
        meter.CreateObservableGauge("meeting.rooms", () => gauges.Rooms, "{room}", "Rooms with at least one peer.");
        meter.CreateObservableGauge("meeting.peers", () => gauges.Peers, "{peer}", "Peers in rooms, including those inside their reconnect grace.");
        _invocations = meter.CreateCounter<long>("meeting.hub.invocations", "{invocation}", "Hub method calls received, by method.");
        _rejections = meter.CreateCounter<long>("meeting.hub.rejections", "{invocation}", "Hub method calls refused, by error code.");
        _joins = meter.CreateCounter<long>("meeting.joins", "{join}", "Successful joins, by kind (new or rejoin).");
        _signalBytes = meter.CreateCounter<long>("meeting.signal.size", "By", "Bytes of signalling payload relayed between peers.");
        _chatMessages = meter.CreateCounter<long>("meeting.chat.messages", "{message}", "Chat messages delivered to rooms.");
        _drainDuration = meter.CreateHistogram<double>(
            "meeting.drain.duration",
            "s",
            "How long a graceful shutdown took to send its clients elsewhere.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 3, 5, 8, 13, 20, 30] });
        _replayed = meter.CreateCounter<long>("meeting.events.replayed", "{event}", "Room events sent again to peers catching up after a reconnect.");
        _homeMoves = meter.CreateCounter<long>("meeting.room_home.moves", "{move}", "Rooms this server took over from a home that stopped renewing or handed them over.");
        _reconnects = meter.CreateCounter<long>("meeting.reconnects", "{reconnect}", "Peers back in their room on a new connection, by cause: within their grace, or taking over from a connection still open.");
    }

    public void Invoked(string method) => _invocations.Add(1, new KeyValuePair<string, object?>("method", method));

    public void Rejected(string code) => _rejections.Add(1, new KeyValuePair<string, object?>("code", code));

    public void Joined(bool rejoin) => _joins.Add(1, new KeyValuePair<string, object?>("kind", rejoin ? "rejoin" : "new"));

    public void SignalRelayed(int bytes) => _signalBytes.Add(bytes);

    public void ChatSent() => _chatMessages.Add(1);

    public void HomeMoved() => _homeMoves.Add(1);

    public void Replayed(int events) => _replayed.Add(events);

    public void Drained(TimeSpan took) => _drainDuration.Record(took.TotalSeconds);

    public void Reconnected(bool wasAway) => _reconnects.Add(1, new KeyValuePair<string, object?>("cause", wasAway ? "within_grace" : "takeover"));
}
