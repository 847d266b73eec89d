namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>A systemd unit file read as systemd reads it: comments dropped, backslash-continued lines joined,
/// and each <c>Key=value</c> kept in order (a key may repeat; an empty value resets it).</summary>
internal sealed class SystemdUnit
{
    private readonly List<KeyValuePair<string, string>> _settings;

    private SystemdUnit(string path, List<KeyValuePair<string, string>> settings)
    {
        Path = path;
        _settings = settings;
    }

    public string Path { get; }

    public static SystemdUnit Load(string path)
    {
        var settings = new List<KeyValuePair<string, string>>();
        var pending = string.Empty;
        foreach (var raw in File.ReadLines(path))
        {
            var line = pending.Length > 0 ? pending + " " + raw.Trim() : raw.Trim();
            if (line.EndsWith('\\'))
            {
                pending = line[..^1];
                continue;
            }

            pending = string.Empty;
            if (line.Length == 0 || line[0] is '#' or ';' or '[')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            settings.Add(new(line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        return new SystemdUnit(path, settings);
    }

    /// <summary>The value a key ends up with, failing when the unit sets it more than once (ignoring resets).</summary>
    public string Single(string key)
    {
        var values = _settings.Where(s => s.Key == key && s.Value.Length > 0).Select(s => s.Value).ToArray();
        return values.Length switch
        {
            1 => values[0],
            0 when _settings.Any(s => s.Key == key) => string.Empty,
            0 => throw new KeyNotFoundException($"{Path} does not set {key}"),
            _ => throw new InvalidOperationException($"{Path} sets {key} {values.Length} times"),
        };
    }
}
