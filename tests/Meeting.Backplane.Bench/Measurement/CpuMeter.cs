using System.Diagnostics;
using System.Globalization;

namespace Meeting.Backplane.Bench.Measurement;

/// <summary>
/// Reads the CPU time of the bench's own processes (by id) and the machine's busy time from <c>/proc/stat</c>,
/// so that each phase can say which process used the cores, and whether something else (another build) did.
/// It also reads the servers' ".NET Tiered Com" thread, which recompiles hot methods at tier 1: while it is busy the
/// servers are not yet running the code they will run for good.
/// </summary>
internal sealed class CpuMeter
{
    public const string BenchName = "bench";

    /// <summary>The runtime's background JIT thread, as <c>/proc/*/task/*/comm</c> shows it (15 characters at most).</summary>
    private const string TieredCompilationThread = ".NET Tiered Com";

    /// <summary>USER_HZ: <c>/proc</c> counts CPU time in these ticks per second.</summary>
    private const double ClockTicksPerSecond = 100;

    private readonly IReadOnlyList<(string Name, int Pid)> _processes;

    public CpuMeter(IReadOnlyList<(string Name, int Pid)> processes) => _processes = processes;

    public CpuSnapshot Take()
    {
        var byProcess = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var jit = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var switches = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, pid) in _processes)
        {
            byProcess[name] = ProcessorTime(pid);
            (jit[name], switches[name]) = ReadThreads(pid);
        }

        using (var self = Process.GetCurrentProcess())
        {
            byProcess[BenchName] = self.TotalProcessorTime;
        }

        var (busy, total) = ReadSystemTicks();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), byProcess, jit, switches, busy, total);
    }

    public static CpuUse Between(CpuSnapshot before, CpuSnapshot after)
    {
        var elapsed = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp);
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
        var cores = new Dictionary<string, double>(StringComparer.Ordinal);
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (name, end) in after.ByProcess)
        {
            var used = end - (before.ByProcess.TryGetValue(name, out var start) ? start : TimeSpan.Zero);
            times[name] = used;
            cores[name] = used.TotalSeconds / seconds;
        }

        var switches = after.ContextSwitchesByProcess.ToDictionary(
            s => s.Key,
            s => Math.Max(0, s.Value - (before.ContextSwitchesByProcess.TryGetValue(s.Key, out var start) ? start : 0)),
            StringComparer.Ordinal);
        var jit = after.JitByProcess.Sum(j => (j.Value - (before.JitByProcess.TryGetValue(j.Key, out var start) ? start : TimeSpan.Zero)).TotalSeconds) / seconds;
        var totalTicks = after.SystemTotalTicks - before.SystemTotalTicks;
        var machine = totalTicks > 0 ? (double)(after.SystemBusyTicks - before.SystemBusyTicks) / totalTicks * Environment.ProcessorCount : 0;
        return new CpuUse(elapsed, cores, times, switches, Math.Max(0, jit), Math.Max(0, machine - cores.Values.Sum()));
    }

    private static TimeSpan ProcessorTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return TimeSpan.Zero; // it has exited
        }
    }

    /// <summary>
    /// From <c>/proc/{pid}/task/*</c>: utime + stime of the tiered-compilation thread(s), and the context switches
    /// (voluntary + involuntary) of every thread.
    /// </summary>
    private static (TimeSpan Jit, long ContextSwitches) ReadThreads(int pid)
    {
        double jitTicks = 0;
        long switches = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    switches += ReadContextSwitches(Path.Combine(task, "status"));
                    if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != TieredCompilationThread)
                    {
                        continue;
                    }

                    // "tid (comm) state ppid …": fields after the comm's closing parenthesis start at field 3;
                    // utime and stime are fields 14 and 15.
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    jitTicks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread ended between listing and reading.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (TimeSpan.Zero, 0); // the process has exited
        }

        return (TimeSpan.FromSeconds(jitTicks / ClockTicksPerSecond), switches);
    }

    /// <summary>"voluntary_ctxt_switches:\t12" + "nonvoluntary_ctxt_switches:\t3" of one thread's status file.</summary>
    private static long ReadContextSwitches(string statusPath)
    {
        long total = 0;
        foreach (var line in File.ReadLines(statusPath))
        {
            if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
            {
                total += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>The first line of <c>/proc/stat</c>: user nice system idle iowait irq softirq steal …, in clock ticks.</summary>
    private static (long Busy, long Total) ReadSystemTicks()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = (reader.ReadLine() ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 9 || fields[0] != "cpu")
            {
                return (0, 0);
            }

            var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + values[4];
            var total = values.Sum();
            return (total - idle, total);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }
}
