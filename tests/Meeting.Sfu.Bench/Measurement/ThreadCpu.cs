using System.Globalization;
using System.Runtime.InteropServices;

namespace Meeting.Sfu.Bench.Measurement;

/// <summary>CPU time of one thread (Linux): the calling thread's to the nanosecond through
/// <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, another thread's from <c>/proc/self/task/*/stat</c>
/// in clock ticks (10 ms), found by the name the runtime gave it.</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>CPU time the calling thread has used.</summary>
    public static TimeSpan Current()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var spec) != 0)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromTicks(spec.Seconds * TimeSpan.TicksPerSecond + spec.Nanoseconds / 100);
    }

    /// <summary>CPU time of the process's threads named <paramref name="name"/> (the kernel keeps 15
    /// characters), summed; null when none runs.</summary>
    public static TimeSpan? OfThreadNamed(string name)
    {
        TimeSpan? total = null;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != name)
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // After "(comm)": state is field 3, utime field 14, stime field 15 (proc(5)).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                total = (total ?? TimeSpan.Zero) + TimeSpan.FromSeconds(ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }

        return total;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
