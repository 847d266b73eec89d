using System.Collections.Frozen;

namespace Meeting.Server.Observability;

/// <summary>The Prometheus type an instrument is exported as.</summary>
internal enum ExportType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>
/// How one instrument shows in <c>/metrics</c>: its Prometheus name, type, help text when the instrument's
/// own description is missing or unclear, and label names for tags whose snake_case form is not the
/// conventional label (<c>gc.heap.generation</c> is <c>generation</c> on dashboards).
/// </summary>
internal sealed record MetricExport(string Name, ExportType Type, string? Help = null, FrozenDictionary<string, string>? Labels = null);

/// <summary>
/// Every exported metric's name, in one place. An instrument not listed here is not exported, so a new
/// instrument is named on purpose (a test fails for one of ours left out). The names are those dashboards
/// for this service used before the move to prometheus-net: counters end in <c>_total</c>, histograms and
/// gauges carry their unit (<c>_seconds</c>, <c>_bytes</c>), runtime facts use the names of the
/// Prometheus dashboards for .NET services, and ASP.NET Core's and Kestrel's keep OpenTelemetry's name
/// without the meter. The runtime meter's CPU time and working set are absent on purpose:
/// <see cref="ProcessMetrics"/> exports them as <c>process_cpu_seconds_total</c> and
/// <c>process_resident_memory_bytes</c>, and one fact is exported once.
/// </summary>
internal static class ExportedMetrics
{
    public const string RuntimeMeter = "System.Runtime";
    public const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    public const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";

    private static readonly FrozenDictionary<string, string> Generation
        = new Dictionary<string, string> { ["gc.heap.generation"] = "generation" }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, FrozenDictionary<string, MetricExport>> ByMeter = new Dictionary<string, FrozenDictionary<string, MetricExport>>
    {
        [MeetingMetrics.MeterName] = Meter(new()
        {
            ["meeting.connections"] = new("meeting_connections", ExportType.Gauge),
            ["meeting.rooms"] = new("meeting_rooms", ExportType.Gauge),
            ["meeting.peers"] = new("meeting_peers", ExportType.Gauge),
            ["meeting.rooms.homed"] = new("meeting_rooms_homed", ExportType.Gauge),
            ["meeting.hub.invocations"] = new("meeting_hub_invocations_total", ExportType.Counter),
            ["meeting.hub.rejections"] = new("meeting_hub_rejections_total", ExportType.Counter),
            ["meeting.joins"] = new("meeting_joins_total", ExportType.Counter),
            ["meeting.reconnects"] = new("meeting_reconnects_total", ExportType.Counter),
            ["meeting.signal.size"] = new("meeting_signal_size_bytes_total", ExportType.Counter),
            ["meeting.chat.messages"] = new("meeting_chat_messages_total", ExportType.Counter),
            ["meeting.events.replayed"] = new("meeting_events_replayed_total", ExportType.Counter),
            ["meeting.room_home.moves"] = new("meeting_room_home_moves_total", ExportType.Counter),
            ["meeting.connections.refused"] = new("meeting_connections_refused_total", ExportType.Counter),
            ["meeting.connections.flood_closed"] = new("meeting_connections_flood_closed_total", ExportType.Counter),
            ["meeting.connections.session_ended"] = new("meeting_connections_session_ended_total", ExportType.Counter),
            ["meeting.drain.duration"] = new("meeting_drain_duration_seconds", ExportType.Histogram),
            ["meeting.redis.connected"] = new("meeting_redis_connected", ExportType.Gauge),
            ["meeting.redis.master_switches"] = new("meeting_redis_master_switches_total", ExportType.Counter),
            ["meeting.redis.reconnects"] = new("meeting_redis_reconnects_total", ExportType.Counter),
            ["meeting.redis.outage.duration"] = new("meeting_redis_outage_duration_seconds", ExportType.Histogram),
        }),
        [Meeting.Sfu.SfuMetrics.MeterName] = Meter(new()
        {
            ["transports"] = new("meeting_sfu_transports", ExportType.Gauge),
            ["producers"] = new("meeting_sfu_producers", ExportType.Gauge),
            ["consumers"] = new("meeting_sfu_consumers", ExportType.Gauge),
            ["packets_received"] = new("meeting_sfu_packets_received_total", ExportType.Counter),
            ["bytes_received"] = new("meeting_sfu_bytes_received_total", ExportType.Counter),
            ["packets_sent"] = new("meeting_sfu_packets_sent_total", ExportType.Counter),
            ["bytes_sent"] = new("meeting_sfu_bytes_sent_total", ExportType.Counter),
            ["rtp_forwarded"] = new("meeting_sfu_rtp_forwarded_total", ExportType.Counter),
            ["nacks"] = new("meeting_sfu_nacks_total", ExportType.Counter),
            ["retransmissions"] = new("meeting_sfu_retransmissions_total", ExportType.Counter),
            ["keyframe_requests"] = new("meeting_sfu_keyframe_requests_total", ExportType.Counter),
            ["send_failures"] = new("meeting_sfu_send_failures_total", ExportType.Counter),
            ["packets_dropped"] = new("meeting_sfu_packets_dropped_total", ExportType.Counter),
        }),
        [RuntimeMeter] = Meter(new()
        {
            ["dotnet.process.cpu.count"] = new("dotnet_process_cpus", ExportType.Gauge),
            ["dotnet.gc.collections"] = new("dotnet_gc_collections_total", ExportType.Counter, Labels: Generation),
            ["dotnet.gc.heap.total_allocated"] = new("dotnet_gc_allocated_bytes_total", ExportType.Counter),
            ["dotnet.gc.last_collection.heap.size"] = new("dotnet_gc_heap_size_bytes", ExportType.Gauge, Labels: Generation),
            ["dotnet.gc.last_collection.heap.fragmentation.size"] = new("dotnet_gc_heap_fragmentation_bytes", ExportType.Gauge, Labels: Generation),
            ["dotnet.gc.last_collection.memory.committed_size"] = new("dotnet_gc_committed_memory_bytes", ExportType.Gauge),
            ["dotnet.gc.pause.time"] = new("dotnet_gc_pause_seconds_total", ExportType.Counter),
            ["dotnet.jit.compiled_il.size"] = new("dotnet_jit_compiled_il_bytes_total", ExportType.Counter),
            ["dotnet.jit.compiled_methods"] = new("dotnet_jit_compiled_methods_total", ExportType.Counter),
            ["dotnet.jit.compilation.time"] = new("dotnet_jit_compilation_seconds_total", ExportType.Counter, "Time the JIT compiler has spent compiling methods since the process started."),
            ["dotnet.monitor.lock_contentions"] = new("dotnet_monitor_lock_contentions_total", ExportType.Counter),
            ["dotnet.exceptions"] = new("dotnet_exceptions_total", ExportType.Counter),

            // The runtime publishes the thread count as an observable counter although it goes down as well as up.
            ["dotnet.thread_pool.thread.count"] = new("dotnet_threadpool_threads", ExportType.Gauge),
            ["dotnet.thread_pool.queue.length"] = new("dotnet_threadpool_queue_length", ExportType.Gauge),
            ["dotnet.thread_pool.work_item.count"] = new("dotnet_threadpool_completed_work_items_total", ExportType.Counter),
            ["dotnet.timer.count"] = new("dotnet_timers", ExportType.Gauge),
            ["dotnet.assembly.count"] = new("dotnet_assemblies", ExportType.Gauge),
        }),
        [HostingMeter] = Meter(new()
        {
            ["http.server.request.duration"] = new("http_server_request_duration_seconds", ExportType.Histogram),
            ["http.server.active_requests"] = new("http_server_active_requests", ExportType.Gauge),
        }),
        [KestrelMeter] = Meter(new()
        {
            ["kestrel.active_connections"] = new("kestrel_active_connections", ExportType.Gauge),
            ["kestrel.queued_connections"] = new("kestrel_queued_connections", ExportType.Gauge),
            ["kestrel.queued_requests"] = new("kestrel_queued_requests", ExportType.Gauge),
            ["kestrel.connection.duration"] = new("kestrel_connection_duration_seconds", ExportType.Histogram),
            ["kestrel.rejected_connections"] = new("kestrel_rejected_connections_total", ExportType.Counter),
            ["kestrel.upgraded_connections"] = new("kestrel_upgraded_connections", ExportType.Gauge),
            ["kestrel.active_tls_handshakes"] = new("kestrel_active_tls_handshakes", ExportType.Gauge),
            ["kestrel.tls_handshake.duration"] = new("kestrel_tls_handshake_duration_seconds", ExportType.Histogram),
        }),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The meters whose instruments are listed.</summary>
    public static IEnumerable<string> Meters => ByMeter.Keys;

    /// <summary>Every listed instrument of <paramref name="meterName"/>, by instrument name.</summary>
    public static IReadOnlyDictionary<string, MetricExport> Of(string meterName)
        => ByMeter.TryGetValue(meterName, out var found) ? found : FrozenDictionary<string, MetricExport>.Empty;

    public static MetricExport? Find(string meterName, string instrumentName)
        => ByMeter.TryGetValue(meterName, out var instruments) && instruments.TryGetValue(instrumentName, out var found) ? found : null;

    /// <summary>The label for a tag: the listed one, else the tag in snake_case (<c>http.route</c> → <c>http_route</c>).</summary>
    public static string LabelName(MetricExport export, string tagName)
        => export.Labels is not null && export.Labels.TryGetValue(tagName, out var label) ? label : SnakeCase(tagName);

    private static FrozenDictionary<string, MetricExport> Meter(Dictionary<string, MetricExport> instruments)
        => instruments.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every character outside <c>[a-z0-9_]</c> becomes <c>_</c> (capitals are lowered), as OpenTelemetry's tag names need no more.</summary>
    private static string SnakeCase(string text)
    {
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = char.ToLowerInvariant(source[i]);
                span[i] = c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' ? c : '_';
            }
        });
    }
}
