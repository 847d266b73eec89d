using System.Globalization;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// How many times the browser site-loss test runs its kill → back → restore cycle: once (CI), or
/// <c>MEETING_SITE_LOSS_REPEAT</c> times for a measurement; and the nearest-rank percentiles it reports
/// over the runs (as the kit's own <c>percentile</c> computes them).
/// </summary>
internal static class SiteLossRepeat
{
    public const string Variable = "MEETING_SITE_LOSS_REPEAT";

    private const int MaxRuns = 50;

    public static int Runs()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(value))
        {
            return 1;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs is >= 1 and <= MaxRuns
            ? runs
            : throw new InvalidOperationException($"{Variable} takes 1..{MaxRuns}, not '{value}'.");
    }

    /// <summary>One line: p50, p95 and max of <paramref name="ms"/>, labelled.</summary>
    public static string Describe(string what, IReadOnlyCollection<double> ms) => string.Create(
        CultureInfo.InvariantCulture,
        $"  {what,-44} p50 {Percentile(ms, 50),6:0} ms  p95 {Percentile(ms, 95),6:0} ms  max {ms.Max(),6:0} ms  (n={ms.Count})");

    public static double Percentile(IReadOnlyCollection<double> values, int percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
