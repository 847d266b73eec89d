namespace Meeting.Redis.Compare;

/// <summary>The command line: <c>[--quick] [--drills kill,failover,bothdown,oldmaster] [--repeat N] [--markdown PATH] [--stacks standard,ours] [--verbose]</c>.</summary>
internal sealed record CompareOptions
{
    public const string Usage = "usage: dotnet run -c Release --project tests/Meeting.Redis.Compare -- [--quick] [--drills kill,failover,bothdown,oldmaster] [--repeat N] [--markdown PATH] [--stacks standard,ours] [--verbose]";

    public bool Quick { get; init; }

    public IReadOnlyList<DrillKind> Drills { get; init; } = [DrillKind.Kill, DrillKind.Failover, DrillKind.BothDown, DrillKind.OldMaster];

    public int Repeat { get; init; } = 1;

    public string? MarkdownPath { get; init; }

    public bool RunStandard { get; init; } = true;

    public bool RunOurs { get; init; } = true;

    public bool Verbose { get; init; }

    public DrillTiming Timing => Quick ? DrillTiming.Quick : DrillTiming.Full;

    /// <summary>Parses the arguments; <paramref name="error"/> names the first one that is wrong.</summary>
    public static CompareOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new CompareOptions();
        var drillsGiven = false;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            string? Next() => i + 1 < args.Count ? args[++i] : null;
            switch (args[i])
            {
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--verbose":
                    options = options with { Verbose = true };
                    break;
                case "--repeat" when int.TryParse(Next(), out var repeat) && repeat is >= 1 and <= 20:
                    options = options with { Repeat = repeat };
                    break;
                case "--markdown" when Next() is { Length: > 0 } path:
                    options = options with { MarkdownPath = path };
                    break;
                case "--drills" when ParseDrills(Next()) is { Count: > 0 } drills:
                    options = options with { Drills = drills };
                    drillsGiven = true;
                    break;
                case "--stacks" when Next() is { Length: > 0 } stacks:
                    var names = stacks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    options = options with { RunStandard = names.Contains("standard"), RunOurs = names.Contains("ours") };
                    break;
                default:
                    error = $"unknown or incomplete argument '{args[i]}'";
                    return null;
            }
        }

        // A CI-sized run: one drill per stack unless the drills are named.
        return options.Quick && !drillsGiven ? options with { Drills = [DrillKind.Kill] } : options;
    }

    private static List<DrillKind>? ParseDrills(string? text)
    {
        var drills = new List<DrillKind>();
        foreach (var name in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<DrillKind>(name, ignoreCase: true, out var drill))
            {
                return null;
            }

            drills.Add(drill);
        }

        return drills;
    }
}
