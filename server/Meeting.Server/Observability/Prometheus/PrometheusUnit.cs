namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// How an instrument's UCUM unit shows in Prometheus: the name suffix, and the factor
/// <see cref="Multiplier"/> / <see cref="Divisor"/> that brings values to the base unit Prometheus expects
/// (milliseconds are exported as seconds, kibibytes as bytes), since <c>promtool check metrics</c> rejects
/// names in non-base units. The factor is kept as a fraction of integers so that, for example, 5 ms
/// becomes exactly the double nearest 0.005 rather than 5 × 0.001.
/// </summary>
/// <remarks>Follows OpenTelemetry's "Prometheus and OpenMetrics compatibility" mapping of units to suffixes.</remarks>
internal readonly record struct PrometheusUnit(string Suffix, double Multiplier, double Divisor)
{
    public static readonly PrometheusUnit None = new(string.Empty, 1, 1);

    public bool IsBase => Multiplier == Divisor;

    public double ToBase(double value) => IsBase ? value : value * Multiplier / Divisor;

    public static PrometheusUnit From(string? unit, PrometheusMetricType type)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return None;
        }

        // Curly-brace annotations ("{connection}") describe what is counted, not a unit: they are dropped.
        var stripped = StripAnnotations(unit).Trim();
        if (stripped.Length == 0)
        {
            return None;
        }

        if (stripped == "1")
        {
            // A dimensionless gauge is a ratio; a dimensionless counter is a plain count.
            return type == PrometheusMetricType.Gauge ? new PrometheusUnit("ratio", 1, 1) : None;
        }

        var slash = stripped.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Simple(stripped);
        }

        var numerator = stripped[..slash].Trim();
        var denominator = stripped[(slash + 1)..].Trim();
        var top = numerator.Length == 0 ? None : Simple(numerator);
        if (denominator.Length == 0)
        {
            return top;
        }

        var bottom = Per(denominator);
        var suffix = top.Suffix.Length == 0 ? "per_" + bottom.Suffix : top.Suffix + "_per_" + bottom.Suffix;
        return new PrometheusUnit(suffix, top.Multiplier * bottom.Divisor, top.Divisor * bottom.Multiplier);
    }

    private static PrometheusUnit Simple(string unit) => unit switch
    {
        "By" => new("bytes", 1, 1),
        "KBy" => new("bytes", 1e3, 1),
        "MBy" => new("bytes", 1e6, 1),
        "GBy" => new("bytes", 1e9, 1),
        "TBy" => new("bytes", 1e12, 1),
        "KiBy" => new("bytes", 1024, 1),
        "MiBy" => new("bytes", 1024d * 1024, 1),
        "GiBy" => new("bytes", 1024d * 1024 * 1024, 1),
        "TiBy" => new("bytes", 1024d * 1024 * 1024 * 1024, 1),
        "s" => new("seconds", 1, 1),
        "ms" => new("seconds", 1, 1e3),
        "us" => new("seconds", 1, 1e6),
        "ns" => new("seconds", 1, 1e9),
        "min" => new("seconds", 60, 1),
        "h" => new("seconds", 3600, 1),
        "d" => new("seconds", 86400, 1),
        "Hz" => new("hertz", 1, 1),
        "V" => new("volts", 1, 1),
        "A" => new("amperes", 1, 1),
        "J" => new("joules", 1, 1),
        "W" => new("watts", 1, 1),
        "g" => new("grams", 1, 1),
        "m" => new("meters", 1, 1),
        "Cel" => new("celsius", 1, 1),
        "%" => new("percent", 1, 1),
        _ => new(PrometheusNaming.Sanitize(unit), 1, 1),
    };

    /// <summary>A rate's denominator, singular as in <c>bytes_per_second</c>; its scale divides the value.</summary>
    private static PrometheusUnit Per(string unit) => unit switch
    {
        "s" => new("second", 1, 1),
        "ms" => new("second", 1, 1e3),
        "us" => new("second", 1, 1e6),
        "ns" => new("second", 1, 1e9),
        "min" => new("second", 60, 1),
        "h" => new("second", 3600, 1),
        "d" => new("second", 86400, 1),
        "By" => new("byte", 1, 1),
        "m" => new("meter", 1, 1),
        _ => new(PrometheusNaming.Sanitize(unit), 1, 1),
    };

    private static string StripAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit;
        }

        var builder = new System.Text.StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
