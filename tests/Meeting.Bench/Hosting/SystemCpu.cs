using System.Globalization;

namespace Meeting.Bench.Hosting;

/// <summary>
/// The whole machine's busy CPU time from the first line of <c>/proc/stat</c>, so a report can say how
/// much of the machine other processes used while the bench ran (this machine is shared).
/// </summary>
internal static class SystemCpu
{
    /// <summary>Linux reports <c>/proc/stat</c> in USER_HZ, which is 100 on every mainstream architecture.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Busy time of all cores together (user, nice, system, irq, softirq, steal), or null off Linux.</summary>
    public static TimeSpan? ReadBusy()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is not { Length: > 8 } || fields[0] != "cpu")
            {
                return null;
            }

            long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
            return TimeSpan.FromSeconds(busy / TicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The 1-minute load average.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
