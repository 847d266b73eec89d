using System.Globalization;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: per family a <c># HELP</c> and a
/// <c># TYPE</c> line, then one line per sample; histograms as cumulative <c>_bucket</c> lines ending in
/// <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>. Families with no series are left out.
/// </summary>
/// <remarks>https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format</remarks>
internal static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Write(TextWriter output, IEnumerable<MetricFamily> families)
    {
        foreach (var family in families)
        {
            if (family.Points.Count == 0)
            {
                continue;
            }

            output.Write("# HELP ");
            output.Write(family.Name);
            output.Write(' ');
            WriteEscaped(output, family.Help, escapeQuotes: false);
            output.Write('\n');
            output.Write("# TYPE ");
            output.Write(family.Name);
            output.Write(' ');
            output.Write(TypeName(family.Type));
            output.Write('\n');

            foreach (var point in family.Points)
            {
                if (family.Type == PrometheusMetricType.Histogram && point.Histogram is { } histogram)
                {
                    WriteHistogram(output, family.Name, point.Labels, histogram);
                }
                else
                {
                    WriteSample(output, family.Name, string.Empty, point.Labels, null, FormatValue(point.Value));
                }
            }
        }
    }

    /// <summary>A sample value as the format spells it: Go-parseable floats, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static void WriteHistogram(TextWriter output, string name, IReadOnlyList<KeyValuePair<string, string>> labels, HistogramValue histogram)
    {
        var cumulative = 0L;
        for (var i = 0; i < histogram.UpperBounds.Count; i++)
        {
            cumulative += histogram.BucketCounts[i];
            WriteSample(output, name, "_bucket", labels, FormatValue(histogram.UpperBounds[i]), FormatValue(cumulative));
        }

        // The +Inf bucket, _count and the sum of the buckets are one number, so they always agree.
        var count = histogram.Count;
        WriteSample(output, name, "_bucket", labels, "+Inf", FormatValue(count));
        WriteSample(output, name, "_sum", labels, null, FormatValue(histogram.Sum));
        WriteSample(output, name, "_count", labels, null, FormatValue(count));
    }

    private static void WriteSample(TextWriter output, string name, string suffix, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, string value)
    {
        output.Write(name);
        output.Write(suffix);
        if (labels.Count > 0 || le is not null)
        {
            output.Write('{');
            var first = true;
            foreach (var (labelName, labelValue) in labels)
            {
                WriteLabel(output, labelName, labelValue, ref first);
            }

            if (le is not null)
            {
                WriteLabel(output, "le", le, ref first);
            }

            output.Write('}');
        }

        output.Write(' ');
        output.Write(value);
        output.Write('\n');
    }

    private static void WriteLabel(TextWriter output, string name, string value, ref bool first)
    {
        if (!first)
        {
            output.Write(',');
        }

        first = false;
        output.Write(name);
        output.Write("=\"");
        WriteEscaped(output, value, escapeQuotes: true);
        output.Write('"');
    }

    /// <summary>Backslash and line feed are escaped in help text and label values; double quotes only in label values.</summary>
    private static void WriteEscaped(TextWriter output, string text, bool escapeQuotes)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var escape = text[i] switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '"' when escapeQuotes => "\\\"",
                _ => null,
            };
            if (escape is null)
            {
                continue;
            }

            output.Write(text.AsSpan(start, i - start));
            output.Write(escape);
            start = i + 1;
        }

        output.Write(text.AsSpan(start));
    }

    private static string TypeName(PrometheusMetricType type) => type switch
    {
        PrometheusMetricType.Counter => "counter",
        PrometheusMetricType.Gauge => "gauge",
        PrometheusMetricType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
