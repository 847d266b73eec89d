namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// Turns OpenTelemetry-style instrument and tag names (<c>meeting.hub.invocations</c>, <c>gc.heap.generation</c>)
/// into Prometheus names that <c>promtool check metrics</c> accepts without lint warnings: snake_case, no
/// colons, unit suffix, <c>_total</c> on counters and only on counters, and no gauge ending in a suffix the
/// text format reserves for histogram series.
/// </summary>
internal static class PrometheusNaming
{
    private const string CounterSuffix = "_total";

    /// <summary>Appended to a name that would otherwise end in a suffix reserved for another type.</summary>
    private const string ReservedSuffixEscape = "_value";

    public static string MetricName(string instrumentName, PrometheusUnit unit, PrometheusMetricType type)
    {
        var name = Sanitize(instrumentName);
        if (unit.Suffix.Length > 0 && name != unit.Suffix && !name.EndsWith("_" + unit.Suffix, StringComparison.Ordinal))
        {
            name += "_" + unit.Suffix;
        }

        if (type == PrometheusMetricType.Counter)
        {
            return name.EndsWith(CounterSuffix, StringComparison.Ordinal) ? name : name + CounterSuffix;
        }

        var reserved = name.EndsWith(CounterSuffix, StringComparison.Ordinal)
            || (type != PrometheusMetricType.Histogram
                && (name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal)));
        return reserved ? name + ReservedSuffixEscape : name;
    }

    /// <summary>A label name from a tag name. <c>le</c> and <c>quantile</c> belong to histograms and
    /// summaries, so a tag of that name is kept apart with a leading underscore.</summary>
    public static string LabelName(string tagName)
    {
        var name = Sanitize(tagName);
        return name is "le" or "quantile" ? "_" + name : name;
    }

    /// <summary>
    /// Lower snake_case from any text: a lower-case letter or digit followed by a capital starts a new word,
    /// every character outside <c>[a-z0-9_]</c> becomes <c>_</c>, runs of <c>_</c> collapse to one, and a
    /// leading digit gets a <c>_</c> in front so the result is a valid name.
    /// </summary>
    public static string Sanitize(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 4);
        var previous = '\0';
        foreach (var c in text)
        {
            char next;
            if (c is >= 'A' and <= 'Z')
            {
                if (previous is >= 'a' and <= 'z' or >= '0' and <= '9')
                {
                    Append(builder, '_');
                }

                next = (char)(c + ('a' - 'A'));
            }
            else if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                next = c;
            }
            else
            {
                next = '_';
            }

            Append(builder, next);
            previous = c;
        }

        if (builder.Length == 0)
        {
            return "_";
        }

        if (builder[0] is >= '0' and <= '9')
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private static void Append(System.Text.StringBuilder builder, char c)
    {
        if (c == '_' && builder.Length > 0 && builder[^1] == '_')
        {
            return;
        }

        builder.Append(c);
    }
}
