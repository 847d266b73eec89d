using System.Diagnostics.Metrics;

namespace Meeting.Server.Observability;

/// <summary>
/// Five facts of the runtime meter under the names dashboards for .NET services use
/// (<c>dotnet_threadpool_threads</c>, <c>dotnet_timers</c>, …). The runtime meter calls them
/// <c>dotnet.thread_pool.thread.count</c> and the like; prometheus-net's meter adapter exports every
/// instrument as a gauge named after its meter and instrument, and a gauge ending in <c>_count</c> is
/// one <c>promtool check metrics</c> rejects, since that suffix belongs to histograms. So those five are
/// left out of the runtime meter's export and read here, on a meter whose name makes the adapter's
/// <c>{meter}_{instrument}</c> the conventional name.
/// </summary>
internal sealed class RuntimeCountMetrics
{
    /// <summary>Becomes the <c>dotnet_</c> prefix of every name below.</summary>
    public const string MeterName = "dotnet";

    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>The runtime meter's instruments not exported as they are: the five counts read here, and
    /// CPU time and working set, which <see cref="ProcessMetrics"/> exports as the conventional
    /// <c>process_cpu_seconds_total</c> and <c>process_resident_memory_bytes</c>; one fact is exported once.</summary>
    public static IReadOnlySet<string> Replaced { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "dotnet.process.cpu.count",
        "dotnet.thread_pool.thread.count",
        "dotnet.thread_pool.work_item.count",
        "dotnet.timer.count",
        "dotnet.assembly.count",
        "dotnet.process.cpu.time",
        "dotnet.process.memory.working_set",
    };

    public RuntimeCountMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("process.cpus", () => Environment.ProcessorCount, "{cpu}", "Processors available to the process.");
        meter.CreateObservableGauge("threadpool.threads", () => ThreadPool.ThreadCount, "{thread}", "Thread pool threads that currently exist.");
        meter.CreateObservableGauge("threadpool.completed_work_items", () => ThreadPool.CompletedWorkItemCount, "{work_item}", "Work items the thread pool has completed since the process started.");
        meter.CreateObservableGauge("timers", () => Timer.ActiveCount, "{timer}", "Timers that are currently active.");
        meter.CreateObservableGauge("assemblies", () => AppDomain.CurrentDomain.GetAssemblies().Length, "{assembly}", "Assemblies loaded into the process.");
    }

    public static bool IsReplaced(Instrument instrument)
        => instrument.Meter.Name == RuntimeMeterName && Replaced.Contains(instrument.Name);
}
