using System.Diagnostics;
using System.Globalization;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// The process facts every Prometheus client library exports under the same names, so that standard
/// dashboards and alerts work unchanged: <c>process_cpu_seconds_total</c>, <c>process_resident_memory_bytes</c>,
/// <c>process_virtual_memory_bytes</c>, <c>process_start_time_seconds</c>, and on Linux
/// <c>process_open_fds</c> and <c>process_max_fds</c>. Read at scrape time.
/// </summary>
internal sealed class ProcessMetrics
{
    private const string FileDescriptorDirectory = "/proc/self/fd";
    private const string LimitsFile = "/proc/self/limits";

    public void CollectInto(MetricFamilySet families)
    {
        using var process = Process.GetCurrentProcess();
        families.TryAdd(MetricFamily.Single(
            "process_cpu_seconds_total",
            "Total user and system CPU time spent in seconds.",
            PrometheusMetricType.Counter,
            Environment.CpuUsage.TotalTime.TotalSeconds));
        families.TryAdd(MetricFamily.Single(
            "process_resident_memory_bytes",
            "Resident memory size in bytes.",
            PrometheusMetricType.Gauge,
            process.WorkingSet64));
        families.TryAdd(MetricFamily.Single(
            "process_virtual_memory_bytes",
            "Virtual memory size in bytes.",
            PrometheusMetricType.Gauge,
            process.VirtualMemorySize64));
        families.TryAdd(MetricFamily.Single(
            "process_start_time_seconds",
            "Start time of the process since unix epoch in seconds.",
            PrometheusMetricType.Gauge,
            (process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds));

        if (OperatingSystem.IsLinux() && CountOpenFileDescriptors() is { } open)
        {
            families.TryAdd(MetricFamily.Single("process_open_fds", "Number of open file descriptors.", PrometheusMetricType.Gauge, open));
        }

        if (OperatingSystem.IsLinux() && ReadMaxFileDescriptors() is { } max)
        {
            families.TryAdd(MetricFamily.Single("process_max_fds", "Maximum number of open file descriptors.", PrometheusMetricType.Gauge, max));
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
