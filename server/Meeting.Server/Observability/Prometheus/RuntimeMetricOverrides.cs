using System.Collections.Frozen;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// The instruments of .NET's built-in <c>System.Runtime</c> meter under the names Prometheus dashboards for
/// .NET services use (<c>dotnet_gc_collections_total{generation}</c>, <c>dotnet_threadpool_threads</c>, …).
/// CPU time and working set are dropped: <see cref="ProcessMetrics"/> exports them as the conventional
/// <c>process_cpu_seconds_total</c> and <c>process_resident_memory_bytes</c>, and one fact is exported once.
/// </summary>
internal static class RuntimeMetricOverrides
{
    public const string MeterName = "System.Runtime";

    private static readonly FrozenDictionary<string, MetricOverride> Instruments = new Dictionary<string, MetricOverride>
    {
        ["dotnet.process.cpu.time"] = new(null),
        ["dotnet.process.memory.working_set"] = new(null),
        ["dotnet.process.cpu.count"] = new("dotnet_process_cpus"),
        ["dotnet.gc.collections"] = new("dotnet_gc_collections_total"),
        ["dotnet.gc.heap.total_allocated"] = new("dotnet_gc_allocated_bytes_total"),
        ["dotnet.gc.last_collection.heap.size"] = new("dotnet_gc_heap_size_bytes"),
        ["dotnet.gc.last_collection.heap.fragmentation.size"] = new("dotnet_gc_heap_fragmentation_bytes"),
        ["dotnet.gc.last_collection.memory.committed_size"] = new("dotnet_gc_committed_memory_bytes"),
        ["dotnet.gc.pause.time"] = new("dotnet_gc_pause_seconds_total"),
        ["dotnet.jit.compiled_il.size"] = new("dotnet_jit_compiled_il_bytes_total"),
        ["dotnet.jit.compilation.time"] = new(
            "dotnet_jit_compilation_seconds_total",
            Help: "Time the JIT compiler has spent compiling methods since the process started."),

        // .NET 9 and 10 publish these two as ObservableCounter although they go down as well as up.
        ["dotnet.thread_pool.thread.count"] = new("dotnet_threadpool_threads", PrometheusMetricType.Gauge),
        ["dotnet.thread_pool.queue.length"] = new("dotnet_threadpool_queue_length", PrometheusMetricType.Gauge),
        ["dotnet.thread_pool.work_item.count"] = new("dotnet_threadpool_completed_work_items_total"),
        ["dotnet.timer.count"] = new("dotnet_timers"),
        ["dotnet.assembly.count"] = new("dotnet_assemblies"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["gc.heap.generation"] = "generation",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static MetricOverride? Find(string meterName, string instrumentName)
        => meterName == MeterName && Instruments.TryGetValue(instrumentName, out var found) ? found : null;

    public static string? LabelName(string meterName, string tagName)
        => meterName == MeterName && Labels.TryGetValue(tagName, out var found) ? found : null;
}
