using System.Globalization;

namespace Meeting.Bench.Hosting;

/// <summary>Reads what Linux reports about a process under <c>/proc</c>.</summary>
internal static class ProcStatus
{
    /// <summary><c>VmRSS</c> of <paramref name="pid"/> in bytes, or null when the process is gone.</summary>
    public static long? ReadRssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>The soft limit on open files of <paramref name="pid"/> (<c>ulimit -n</c>), or null when unknown.</summary>
    public static long? ReadOpenFileLimit(string pid = "self")
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>CPU time of the threads of <paramref name="pid"/> named <paramref name="comm"/> (as
    /// <c>/proc/*/task/*/comm</c> shows it, 15 characters at most), or null when the process is gone.</summary>
    public static TimeSpan? ReadThreadCpu(int pid, string comm)
    {
        const double ClockTicksPerSecond = 100; // USER_HZ
        var ticks = 0L;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != comm)
                    {
                        continue;
                    }

                    // "tid (comm) state ppid …": after the comm's closing parenthesis the fields start at
                    // field 3, so utime and stime (fields 14 and 15) are the 12th and 13th.
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread ended between listing and reading.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }
}
