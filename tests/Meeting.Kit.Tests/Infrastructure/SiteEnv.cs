using System.Text.RegularExpressions;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// A site's <c>site.env</c> read with the kit's rules: <c>KEY=value</c> lines without quotes, spaces or
/// trailing comments, which systemd's EnvironmentFile and bash read alike.
/// </summary>
internal sealed partial class SiteEnv
{
    private SiteEnv(string path, IReadOnlyDictionary<string, string> values)
    {
        Path = path;
        Values = values;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, string> Values { get; }

    public string this[string key] => Values.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"{Path} has no {key}");

    /// <summary>Where the site's meeting server listens, as a URL.</summary>
    public Uri ServerUrl => new($"http://{this["SITE_HTTP_BIND"]}/");

    public static SiteEnv Load(string site) => Parse(RepositoryPaths.Site(site, "site.env"));

    public static SiteEnv Parse(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = Line().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"{path}:{number}: not a KEY=value line the kit and systemd read alike: {line}");
            }

            values[match.Groups["key"].Value] = match.Groups["value"].Value;
        }

        return new SiteEnv(path, values);
    }

    [GeneratedRegex("""^(?<key>[A-Z][A-Z0-9_]*)=(?<value>[^\s"'#$\\]*)$""")]
    private static partial Regex Line();
}
