namespace Meeting.Redis.Compare.Reporting;

/// <summary>
/// One line of the table. Lower is better on every line; a line that is only context (how long Sentinel took, how
/// many writes failed visibly) is not <see cref="Compared"/>. <see cref="NeverIsWorst"/>: NaN (it never happened)
/// ranks last, as for "first acknowledged write"; otherwise NaN means "none" and ranks first.
/// </summary>
internal sealed record MetricRow(string Label, Func<DrillResult, double> Value, bool IsCount, bool Compared = true, bool NeverIsWorst = false)
{
    public static IReadOnlyList<MetricRow> All { get; } =
    [
        new("Sentinel settled after the fault, ms (context)", r => r.SettledMs, IsCount: false, Compared: false),
        new("fault -> first acknowledged write, ms", r => r.FirstAckMs, IsCount: false, NeverIsWorst: true),
        new("fault -> first ack. write after the last lost one, ms", r => r.FirstKeptAckMs, IsCount: false, NeverIsWorst: true),
        new("acknowledged writes lost", r => r.WritesLost, IsCount: true),
        new("last lost write, issued ms after the fault", r => r.LastLostIssuedMs, IsCount: false, Compared: false),
        new("writes that failed visibly (context)", r => r.WritesFailed, IsCount: true, Compared: false),
        new("longest stall of a 10 ms loop, ms", r => r.LongestStallMs, IsCount: false),
        new("Clients.All messages silently lost", r => r.AllLost, IsCount: true),
        new("longest run of lost Clients.All, ms", r => r.AllLongestLossMs, IsCount: false),
        new("group messages silently lost", r => r.GroupLost, IsCount: true),
        new("longest run of lost group messages, ms", r => r.GroupLongestLossMs, IsCount: false),
        new("sends that failed visibly (context)", r => r.SendFailures, IsCount: true, Compared: false),
        new("longest hub send (Clients.All/Group), ms", r => r.LongestSendMs, IsCount: false),
        new("longest AddToGroupAsync, connection on host B, ms", r => r.LongestGroupCallLiveMs, IsCount: false),
        new("longest AddToGroupAsync, connection on a stopped host, ms", r => r.LongestGroupCallDeadMs, IsCount: false),
    ];

    /// <summary>The value used for ranking: NaN becomes the worst or the best, as the line says.</summary>
    public double Rank(DrillResult result)
    {
        var value = Value(result);
        return double.IsNaN(value) ? (NeverIsWorst ? double.PositiveInfinity : 0) : value;
    }

    public string Format(double value) => double.IsNaN(value) ? (NeverIsWorst ? "never" : "-")
        : double.IsPositiveInfinity(value) ? "blocked"
        : IsCount ? value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
        : value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether two worst-case values are the same for the comparison: counts exactly, times within 50 ms or 10 %.</summary>
    public bool Same(double a, double b)
    {
        if (a == b)
        {
            return true;
        }

        if (IsCount || double.IsInfinity(a) || double.IsInfinity(b))
        {
            return false;
        }

        return Math.Abs(a - b) <= Math.Max(50, 0.1 * Math.Max(a, b));
    }
}
