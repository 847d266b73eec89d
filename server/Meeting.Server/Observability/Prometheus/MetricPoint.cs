namespace Meeting.Server.Observability.Prometheus;

/// <summary>One series of a family at scrape time: its labels (already Prometheus names, sorted) and its
/// value, or its buckets when the family is a histogram.</summary>
internal sealed record MetricPoint(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramValue? Histogram = null)
{
    /// <summary>Identifies the label set: equal signatures would be duplicate series in one family.</summary>
    public string Signature { get; } = BuildSignature(Labels);

    private static string BuildSignature(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        if (labels.Count == 0)
        {
            return string.Empty;
        }

        // NUL cannot occur in a label name and separates values unambiguously enough for equality.
        var builder = new System.Text.StringBuilder();
        foreach (var (name, value) in labels)
        {
            builder.Append(name).Append('\0').Append(value).Append('\0');
        }

        return builder.ToString();
    }
}
