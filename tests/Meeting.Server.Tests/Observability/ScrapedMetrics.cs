using System.Globalization;

namespace Meeting.Server.Tests.Observability;

/// <summary>
/// A parsed <c>/metrics</c> text: samples keyed by their line up to the value (<c>name{labels}</c>, as the
/// exporter writes labels sorted by name) and the declared type of each family. Parsing fails on a second
/// <c># TYPE</c> for a family or a repeated sample, so every test that scrapes also checks uniqueness.
/// </summary>
internal sealed class ScrapedMetrics
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    public ScrapedMetrics(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.True(_types.TryAdd(parts[2], parts[3]), $"Family {parts[2]} is declared twice.");
            }
            else if (!line.StartsWith('#'))
            {
                var space = line.LastIndexOf(' ');
                Assert.True(_samples.TryAdd(line[..space], ParseValue(line[(space + 1)..])), $"Sample {line[..space]} appears twice.");
            }
        }
    }

    public string Text { get; }

    public IReadOnlyDictionary<string, string> Types => _types;

    public IEnumerable<string> SampleKeys => _samples.Keys;

    /// <summary>The value of the sample <paramref name="key"/>; fails the test, showing the scrape, when it is absent.</summary>
    public double this[string key]
        => _samples.TryGetValue(key, out var value) ? value : throw new Xunit.Sdk.XunitException($"No sample {key} in the scrape:\n{Text}");

    public bool Has(string key) => _samples.ContainsKey(key);

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
