using System.Diagnostics.Metrics;
using Meeting.Server.Hubs;
using Meeting.Server.Rooms;

namespace Meeting.Server.Observability;

/// <summary>The service's own instruments. Names follow OpenTelemetry's dotted style; the Prometheus
/// exporter turns them into <c>meeting_…</c> series.</summary>
internal sealed class MeetingMetrics
{
    public const string MeterName = "Meeting.Server";

    private readonly Counter<long> _invocations;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _joins;
    private readonly Counter<long> _signalBytes;
    private readonly Counter<long> _chatMessages;

    public MeetingMetrics(IMeterFactory meterFactory, LocalConnections connections, RosterSnapshot roster)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("meeting.connections", () => connections.Count, "{connection}", "Hub connections open on this server.");
        meter.CreateObservableGauge("meeting.rooms", () => roster.Current.Rooms, "{room}", "Rooms with at least one peer.");
        meter.CreateObservableGauge("meeting.peers", () => roster.Current.Peers, "{peer}", "Peers in rooms, including those inside their reconnect grace.");
        _invocations = meter.CreateCounter<long>("meeting.hub.invocations", "{invocation}", "Hub method calls received, by method.");
        _rejections = meter.CreateCounter<long>("meeting.hub.rejections", "{invocation}", "Hub method calls refused, by error code.");
        _joins = meter.CreateCounter<long>("meeting.joins", "{join}", "Successful joins, by kind (new or rejoin).");
        _signalBytes = meter.CreateCounter<long>("meeting.signal.size", "By", "Bytes of signalling payload relayed between peers.");
        _chatMessages = meter.CreateCounter<long>("meeting.chat.messages", "{message}", "Chat messages delivered to rooms.");
    }

    public void Invoked(string method) => _invocations.Add(1, new KeyValuePair<string, object?>("method", method));

    public void Rejected(string code) => _rejections.Add(1, new KeyValuePair<string, object?>("code", code));

    public void Joined(bool rejoin) => _joins.Add(1, new KeyValuePair<string, object?>("kind", rejoin ? "rejoin" : "new"));

    public void SignalRelayed(int bytes) => _signalBytes.Add(bytes);

    public void ChatSent() => _chatMessages.Add(1);
}
