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
}
