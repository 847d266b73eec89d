using System.Globalization;
using System.Text;

namespace Meeting.Redis.Compare.Reporting;

/// <summary>The side-by-side table per drill, as plain text and as markdown; with several runs a cell lists every run and the verdict compares the worst.</summary>
internal sealed class CompareReport(IReadOnlyList<DrillResult> results, string standard, string ours, string machine, string command)
{
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(machine);
        foreach (var (drill, rows) in Tables())
        {
            text.AppendLine();
            text.AppendLine($"== {drill} ==");
            var widths = new[] { 58, 24, 24, 12, 10 };
            Line(text, widths, ["", standard, ours, "ours-SE", "better"]);
            foreach (var row in rows)
            {
                Line(text, widths, row);
            }
        }

        text.AppendLine();
        text.AppendLine(Verdict());
        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"`{command}`");
        text.AppendLine();
        text.AppendLine(machine);
        foreach (var (drill, rows) in Tables())
        {
            text.AppendLine();
            text.AppendLine($"### {drill}");
            text.AppendLine();
            text.AppendLine($"| | {standard} | {ours} | ours − SE | better |");
            text.AppendLine("| --- | ---: | ---: | ---: | --- |");
            foreach (var row in rows)
            {
                text.AppendLine($"| {string.Join(" | ", row)} |");
            }
        }

        text.AppendLine();
        text.AppendLine(Verdict());
        return text.ToString();
    }

    private static void Line(StringBuilder text, int[] widths, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            text.Append(' ');
        }

        text.AppendLine();
    }

    private IEnumerable<(DrillKind Drill, List<string[]> Rows)> Tables()
    {
        foreach (var drill in results.Select(r => r.Drill).Distinct())
        {
            var se = results.Where(r => r.Drill == drill && r.Stack == standard).ToList();
            var own = results.Where(r => r.Drill == drill && r.Stack == ours).ToList();
            var rows = new List<string[]>();
            foreach (var metric in MetricRow.All)
            {
                var verdict = Compare(metric, se, own, out var difference);
                rows.Add([metric.Label, Cell(metric, se), Cell(metric, own), difference, verdict]);
            }

            var notes = string.Join("; ", se.Concat(own).Where(r => r.Notes.Length > 0).Select(r => $"{r.Stack}: {r.Notes}"));
            if (notes.Length > 0)
            {
                rows.Add(["notes", notes, "", "", ""]);
            }

            yield return (drill, rows);
        }
    }

    private static string Cell(MetricRow metric, List<DrillResult> runs) =>
        runs.Count == 0 ? "(failed)" : string.Join(" / ", runs.Select(r => metric.Format(metric.Value(r))));

    private static string Compare(MetricRow metric, List<DrillResult> se, List<DrillResult> own, out string difference)
    {
        difference = string.Empty;
        if (se.Count == 0 || own.Count == 0)
        {
            return string.Empty;
        }

        var worstSe = se.Max(metric.Rank);
        var worstOurs = own.Max(metric.Rank);
        if (!double.IsInfinity(worstSe) && !double.IsInfinity(worstOurs))
        {
            difference = (worstOurs - worstSe).ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture);
        }

        if (!metric.Compared)
        {
            return string.Empty;
        }

        return metric.Same(worstSe, worstOurs) ? "same" : worstOurs < worstSe ? "ours" : "SE";
    }

    private string Verdict()
    {
        var lines = Tables().SelectMany(t => t.Rows.Select(r => (t.Drill, Row: r))).Where(x => x.Row[4].Length > 0).ToList();
        var seBetter = lines.Where(x => x.Row[4] == "SE").Select(x => $"{x.Drill}: {x.Row[0]}").ToList();
        var oursBetter = lines.Where(x => x.Row[4] == "ours").Select(x => $"{x.Drill}: {x.Row[0]}").ToList();
        var verdict = new StringBuilder();
        verdict.AppendLine($"Compared lines: {lines.Count}; SE.Redis + official better on {seBetter.Count}, ours better on {oursBetter.Count}, same on {lines.Count - seBetter.Count - oursBetter.Count}.");
        verdict.Append(oursBetter.Count == 0
            ? "The standard packages are as good on every compared line."
            : "The standard packages are worse on: " + string.Join("; ", oursBetter) + ".");
        return verdict.ToString();
    }
}
