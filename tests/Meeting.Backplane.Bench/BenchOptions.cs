using System.Globalization;

namespace Meeting.Backplane.Bench;

/// <summary>What one run does. The defaults give the figures worth comparing; <c>--quick</c> is a smoke run under 40 s.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Meeting.Backplane.Bench — cross-server fan-out through the Redis SignalR backplane.

          dotnet run -c Release --project tests/Meeting.Backplane.Bench -- [options]

          --duration SECONDS    measured length of each phase, after its warm-up (default 10; quick 2.5)
          --warmup SECONDS      warm-up before each measurement (default 2; quick 1)
          --server-warmup SECONDS  at most this long of mixed load first, until the servers' JIT is quiet (default 20; quick 8)
          --rooms K             rooms of two peers each, for throughput and latency (default 32; quick 16)
          --window W            Signals one sender may have in flight in the throughput phases (default 16)
          --rate R              Signals/s of the latency phases (default: half the cross-server throughput, at most 10000)
          --chat-rate C         Chat messages/s sent into the broadcast room (default 250)
          --room-size N         peers of the broadcast room, alternately on gra and sbg (default 8)
          --server-env NAME=VALUE  an environment variable for both servers (repeatable), e.g.
                                DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 or DOTNET_gcServer=0
          --max-runtime SECONDS hard bound on the whole run (default 180; quick 40)
          --quick               16 rooms, at most 8 s of server warm-up, 1 s warm-ups, 2.5 s phases: under 40 s
          --help                this text
        """;

    /// <summary>The automatic latency rate never goes above this.</summary>
    public const int MaxAutoRate = 10_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest the servers' warm-up may take (it ends sooner once their tier-1 JIT is quiet).</summary>
    public TimeSpan ServerWarmup { get; init; } = TimeSpan.FromSeconds(20);

    public int Rooms { get; init; } = 32;

    public int Window { get; init; } = 16;

    /// <summary>The latency phases' rate; null picks half the cross-server throughput, capped at <see cref="MaxAutoRate"/>.</summary>
    public int? Rate { get; init; }

    public int ChatRate { get; init; } = 250;

    public int RoomSize { get; init; } = 8;

    /// <summary>Environment variables for both servers (runtime knobs to compare), not for the bench.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ServerEnvironment { get; init; } = [];

    public TimeSpan MaxRuntime { get; init; } = TimeSpan.FromSeconds(180);

    public bool Quick { get; init; }

    /// <summary>Parses the command line; false with an empty <paramref name="error"/> means <c>--help</c>.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out BenchOptions options, out string error)
    {
        options = new BenchOptions();
        error = string.Empty;
        if (args.Contains("--quick"))
        {
            options = options with
            {
                Quick = true,
                Rooms = 16,
                Duration = TimeSpan.FromSeconds(2.5),
                Warmup = TimeSpan.FromSeconds(1),
                ServerWarmup = TimeSpan.FromSeconds(8),
                MaxRuntime = TimeSpan.FromSeconds(40),
            };
        }

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--quick")
            {
                continue;
            }

            if (name is "--help" or "-h")
            {
                return false;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value (or is unknown).";
                return false;
            }

            var value = args[++i];
            var parsed = name switch
            {
                "--duration" => TrySeconds(value, 0.5, 600, out var d) && Set(ref options, options with { Duration = d }),
                "--warmup" => TrySeconds(value, 0, 60, out var w) && Set(ref options, options with { Warmup = w }),
                "--server-warmup" => TrySeconds(value, 0, 120, out var sw) && Set(ref options, options with { ServerWarmup = sw }),
                "--rooms" => TryInt(value, 1, 2_000, out var k) && Set(ref options, options with { Rooms = k }),
                "--window" => TryInt(value, 1, 10_000, out var win) && Set(ref options, options with { Window = win }),
                "--rate" => TryInt(value, 1, 1_000_000, out var r) && Set(ref options, options with { Rate = r }),
                "--chat-rate" => TryInt(value, 1, 100_000, out var c) && Set(ref options, options with { ChatRate = c }),
                "--room-size" => TryInt(value, 2, 1_000, out var n) && Set(ref options, options with { RoomSize = n }),
                "--server-env" => TryVariable(value, out var variable) && Set(ref options, options with { ServerEnvironment = [.. options.ServerEnvironment, variable] }),
                "--max-runtime" => TrySeconds(value, 5, 3_600, out var m) && Set(ref options, options with { MaxRuntime = m }),
                _ => Unknown(name, out error),
            };
            if (!parsed)
            {
                error = string.IsNullOrEmpty(error) ? $"{name} {value}: not a valid value." : error;
                return false;
            }
        }

        return true;
    }

    private static bool Set(ref BenchOptions options, BenchOptions changed)
    {
        options = changed;
        return true;
    }

    private static bool Unknown(string name, out string error)
    {
        error = $"Unknown option {name}.";
        return false;
    }

    private static bool TrySeconds(string value, double min, double max, out TimeSpan result)
    {
        result = TimeSpan.Zero;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < min || seconds > max)
        {
            return false;
        }

        result = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool TryVariable(string value, out KeyValuePair<string, string> variable)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        variable = equals > 0 ? new(value[..equals], value[(equals + 1)..]) : default;
        return equals > 0;
    }

    private static bool TryInt(string value, int min, int max, out int result)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result) && result >= min && result <= max;
}
