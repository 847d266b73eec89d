namespace Meeting.Kit.Bench;

/// <summary>Nearest-rank percentiles of a set of milliseconds (as the kit's own <c>percentile</c> computes them).</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> values, int percent)
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
