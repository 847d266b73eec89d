using System.Globalization;

namespace Meeting.Kit.Bench;

/// <summary>What one storm drill does; the defaults are the figures the kit is judged by.</summary>
internal sealed record StormOptions
{
    public const string Usage = """
        Meeting.Kit.Bench — the reconnect storm: clients in rooms at GRA through Caddy, GRA's server SIGKILLed,
        every client back in its room at SBG as the same peer, timed. Needs a running kit (./kit up).

          ./kit drill storm [options]
          dotnet run -c Release --project tests/Meeting.Kit.Bench -- [options]

          --clients N           protocol-level clients (default 500)
          --room-size K         clients per room (default 5)
          --repeat R            storms, GRA restored between them (default 1, at most 10)
          --max-ms MS           bound on the storm (kill -> last client back in its room) (default 5000)
          --front URL           the kit's front door (default http://127.0.0.1:8080/)
          --parallel P          sessions and connections opened at once before the storm (default 32)
          --max-runtime SECONDS hard bound on one storm, set-up to restore (default 60)
          --no-restore          leave GRA dead afterwards (./kit up brings it back)
        """;

    public int Clients { get; init; } = 500;

    public int RoomSize { get; init; } = 5;

    public int Repeat { get; init; } = 1;

    public TimeSpan MaxStorm { get; init; } = TimeSpan.FromSeconds(5);

    public Uri Front { get; init; } = new("http://127.0.0.1:8080/");

    public int Parallel { get; init; } = 32;

    public TimeSpan MaxRuntime { get; init; } = TimeSpan.FromSeconds(60);

    public bool Restore { get; init; } = true;

    public static bool TryParse(string[] args, out StormOptions options, out string? error)
    {
        options = new StormOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return false;
            }

            if (name == "--no-restore")
            {
                options = options with { Restore = false };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--clients" when Int(value, 1, 20_000) is { } n:
                    options = options with { Clients = n };
                    break;
                case "--room-size" when Int(value, 1, 16) is { } n:
                    options = options with { RoomSize = n };
                    break;
                case "--repeat" when Int(value, 1, 10) is { } n:
                    options = options with { Repeat = n };
                    break;
                case "--max-ms" when Int(value, 1, 600_000) is { } n:
                    options = options with { MaxStorm = TimeSpan.FromMilliseconds(n) };
                    break;
                case "--parallel" when Int(value, 1, 512) is { } n:
                    options = options with { Parallel = n };
                    break;
                case "--max-runtime" when Int(value, 10, 3_600) is { } n:
                    options = options with { MaxRuntime = TimeSpan.FromSeconds(n) };
                    break;
                case "--front" when Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var front)
                    && front.Scheme == Uri.UriSchemeHttp && front.IsLoopback:
                    options = options with { Front = front };
                    break;
                default:
                    error = $"bad option: {name} {value} (--front takes an http:// URL on a loopback address)";
                    return false;
            }
        }

        return true;
    }

    private static int? Int(string value, int min, int max)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}
