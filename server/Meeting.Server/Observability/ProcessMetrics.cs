using System.Diagnostics;
using System.Globalization;
using Meeting.Server.Configuration;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Meeting.Server.Observability;

/// <summary>
/// The facts no meter reports, as prometheus-net metrics of the app's registry, read just before each
/// scrape: <c>meeting_build_info</c>, and the process facts every Prometheus client library exports under
/// the same names so that standard dashboards and alerts work unchanged (<c>process_cpu_seconds_total</c>,
/// <c>process_resident_memory_bytes</c>, <c>process_virtual_memory_bytes</c>, <c>process_start_time_seconds</c>,
/// and on Linux <c>process_open_fds</c> and <c>process_max_fds</c>).
/// </summary>
internal sealed class ProcessMetrics
{
    private const string FileDescriptorDirectory = "/proc/self/fd";
    private const string LimitsFile = "/proc/self/limits";

    private readonly Counter _cpu;
    private readonly Gauge _resident;
    private readonly Gauge _virtual;
    private readonly Gauge _startTime;
    private readonly Gauge? _openFds;
    private readonly Gauge? _maxFds;

    public ProcessMetrics(CollectorRegistry registry, ServiceInfo service, IOptions<SiteOptions> site)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        factory.CreateGauge("meeting_build_info", "Always 1; the labels say which build runs at which site.", ["site", "version"])
            .WithLabels(site.Value.Name, service.Version)
            .Set(1);
        _cpu = factory.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        _resident = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        _virtual = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        _startTime = factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.");
        if (OperatingSystem.IsLinux())
        {
            _openFds = factory.CreateGauge("process_open_fds", "Number of open file descriptors.");
            _maxFds = factory.CreateGauge("process_max_fds", "Maximum number of open file descriptors.");
        }

        registry.AddBeforeCollectCallback(Update);
    }

    private void Update()
    {
        using var process = Process.GetCurrentProcess();
        _cpu.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
        _resident.Set(process.WorkingSet64);
        _virtual.Set(process.VirtualMemorySize64);
        _startTime.Set((process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
        if (_openFds is not null && CountOpenFileDescriptors() is { } open)
        {
            _openFds.Set(open);
        }

        if (_maxFds is not null && ReadMaxFileDescriptors() is { } max)
        {
            _maxFds.Set(max);
        }
    }

    private static int? CountOpenFileDescriptors()
    {
        try
        {
            // The count includes the descriptor the enumeration itself holds, as other clients' counts do.
            return Directory.EnumerateFileSystemEntries(FileDescriptorDirectory).Count();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft limit from the "Max open files" row of <c>/proc/self/limits</c>; null when unlimited or unreadable.</summary>
    private static double? ReadMaxFileDescriptors()
    {
        const string row = "Max open files";
        try
        {
            foreach (var line in File.ReadLines(LimitsFile))
            {
                if (!line.StartsWith(row, StringComparison.Ordinal))
                {
                    continue;
                }

                var columns = line[row.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return columns.Length > 0 && double.TryParse(columns[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
