using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Meeting.Testing.Redis;

namespace Meeting.Redis.Bench;

/// <summary>Runs redis-benchmark (the reference C client) and reads its quiet (-q) output.</summary>
internal static partial class RedisBenchmarkTool
{
    /// <summary>Runs redis-benchmark with <paramref name="arguments"/> and returns requests per second per test (SET, GET).</summary>
    public static async Task<Dictionary<string, double>> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(RedisExecutables.Find("redis-benchmark"), arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"redis-benchmark ran longer than {timeout}.");
        }

        return Parse(await stdout + await stderr);
    }

    /// <summary>Reads lines such as <c>SET: 1234567.00 requests per second, p50=0.415 msec</c>; progress lines end in CR and are skipped.</summary>
    public static Dictionary<string, double> Parse(string output)
    {
        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in output.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var match = ResultLine().Match(line.Trim());
            if (match.Success)
            {
                results[match.Groups[1].Value] = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return results.Count > 0 ? results : throw new InvalidOperationException($"No results in redis-benchmark output: {output}");
    }

    [GeneratedRegex(@"^([A-Z]+): ([0-9.]+) requests per second")]
    private static partial Regex ResultLine();
}
