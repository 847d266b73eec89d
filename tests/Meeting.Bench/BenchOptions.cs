using System.Globalization;
using System.Net;
using Meeting.Bench.Clients;

namespace Meeting.Bench;

/// <summary>What one run does. The defaults produce the figures the hub is judged by; <c>--quick</c> is a smoke run.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Meeting.Bench — load figures for the signalling hub.

          dotnet run -c Release --project tests/Meeting.Bench -- [options]

          --connections N       idle hub connections to open (default 10000; quick 500)
          --room-size K         peers per room, all joined (default 4)
          --senders S           connections that send in phases B and C (default 2000; quick 200)
          --duration SECONDS    length of phases B and C, after a warm-up (default 10; quick 3)
          --server-warmup SECONDS  at most this long at phase B's load until the server's JIT is quiet (default 20; quick 5)
          --idle SECONDS        how long phase A lets the connections idle before reading RSS (default 5; quick 2)
          --rate R              phase C's fixed rate in Signals/s (default: half of phase B's figure, at most 25000)
          --fixed-rate R        phase D's rate in Signals/s, the same for both servers (default 10000)
          --only ours|bare      run one server only (default: the bare hub, then ours, and their ratios)
          --window W            Signals one sender may have in flight in phase B (default 16)
          --typed-pairs N       after phase B, N pairs of the typed test client (MeetingHubClient) send as phase B does,
                                for the bench's CPU per Signal beside the raw client's (ours only; default 0: skipped)
          --url URL             use an already running server on a loopback address instead of starting one
          --server-pid PID      with --url: the server's process id, so its memory and CPU can be read
          --gc MODE             server | workstation | default: the GC of the started server (default: as built)
          --server-env K=V      an environment variable for the started server, e.g. DOTNET_GCgen0size=0x2000000 (repeatable)
          --source-addresses M  spread client sockets over 127.0.0.1..127.0.0.M (default: one per 5000 connections)
          --parallel P          connections opened at once (default 64)
          --max-runtime SECONDS hard bound on the whole run, both servers (default 360; quick 75)
          --quick               500 connections, 200 senders, 3 s phases, no phase C
        """;

    public int Connections { get; init; } = 10_000;

    public int RoomSize { get; init; } = 4;

    public int Senders { get; init; } = 2_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this long at phase B's load before phase B, until the server's tier-1 JIT is quiet.</summary>
    public TimeSpan ServerWarmup { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Phase C's rate; null picks half of phase B's figure, capped at <see cref="MaxAutoRate"/>.</summary>
    public int? Rate { get; init; }

    /// <summary>Phase D's rate: the rate the latency target is stated at, the same for both servers.</summary>
    public int FixedRate { get; init; } = 10_000;

    /// <summary>The servers measured, in order: the bare hub first, so that ours is read as a ratio of it.</summary>
    public IReadOnlyList<HubTarget> Targets { get; init; } = [HubTarget.Bare, HubTarget.Meeting];

    public int Window { get; init; } = 16;

    /// <summary>Pairs of typed clients measured after phase B against our hub; 0 skips it.</summary>
    public int TypedPairs { get; init; }

    public Uri? Url { get; init; }

    public int? ServerPid { get; init; }

    public string Gc { get; init; } = "default";

    public IReadOnlyList<KeyValuePair<string, string>> ServerEnvironment { get; init; } = [];

    public int? SourceAddresses { get; init; }

    public int Parallel { get; init; } = 64;

    public TimeSpan MaxRuntime { get; init; } = TimeSpan.FromSeconds(360);

    public bool Quick { get; init; }

    public const int MaxAutoRate = 25_000;

    /// <summary>Connections opened (and measured) before the memory baseline is read.</summary>
    public int WarmupConnections => Math.Min(64, Connections / 2 / RoomSize * RoomSize);

    public TimeSpan Warmup => Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(1);

    public int EffectiveSourceAddresses => SourceAddresses ?? Math.Max(1, (Connections + 4_999) / 5_000);

    public static bool TryParse(string[] args, out BenchOptions options, out string? error)
    {
        options = new BenchOptions();
        error = null;
        if (args.Contains("--quick"))
        {
            options = options with
            {
                Quick = true,
                Connections = 500,
                Senders = 200,
                Duration = TimeSpan.FromSeconds(3),
                Idle = TimeSpan.FromSeconds(2),
                ServerWarmup = TimeSpan.FromSeconds(12),
                MaxRuntime = TimeSpan.FromSeconds(75),
            };
        }

        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--quick")
            {
                continue;
            }

            if (name is "--help" or "-h")
            {
                error = string.Empty;
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            try
            {
                options = name switch
                {
                    "--connections" => options with { Connections = PositiveInt(value) },
                    "--room-size" => options with { RoomSize = PositiveInt(value) },
                    "--senders" => options with { Senders = PositiveInt(value) },
                    "--duration" => options with { Duration = Seconds(value) },
                    "--idle" => options with { Idle = Seconds(value) },
                    "--server-warmup" => options with { ServerWarmup = Seconds(value) },
                    "--rate" => options with { Rate = PositiveInt(value) },
                    "--window" => options with { Window = PositiveInt(value) },
                    "--typed-pairs" => options with { TypedPairs = PositiveInt(value) },
                    "--fixed-rate" => options with { FixedRate = PositiveInt(value) },
                    "--only" => options with
                    {
                        Targets = value switch
                        {
                            "ours" => [HubTarget.Meeting],
                            "bare" => [HubTarget.Bare],
                            _ => throw new FormatException("ours or bare"),
                        },
                    },
                    "--url" => options with { Url = LoopbackUrl(value) },
                    "--server-pid" => options with { ServerPid = PositiveInt(value) },
                    "--gc" => options with { Gc = value is "server" or "workstation" or "default" ? value : throw new FormatException("server, workstation or default") },
                    "--server-env" => options with { ServerEnvironment = [.. options.ServerEnvironment, EnvironmentVariable(value)] },
                    "--source-addresses" => options with { SourceAddresses = Math.Min(250, PositiveInt(value)) },
                    "--parallel" => options with { Parallel = PositiveInt(value) },
                    "--max-runtime" => options with { MaxRuntime = Seconds(value) },
                    _ => throw new ArgumentException($"unknown option {name}"),
                };
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                error = $"{name} {value}: {ex.Message}";
                return false;
            }
        }

        if (options.RoomSize < 2)
        {
            error = "--room-size must be at least 2: a Signal goes to another peer of the room";
            return false;
        }

        if (options.Connections < options.RoomSize * 2)
        {
            error = "--connections must fill at least two rooms";
            return false;
        }

        options = options with { Senders = Math.Min(options.Senders, options.Connections) };
        return true;
    }

    private static KeyValuePair<string, string> EnvironmentVariable(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? new(text[..equals], text[(equals + 1)..]) : throw new FormatException("expected NAME=VALUE");
    }

    private static int PositiveInt(string text)
    {
        var value = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return value > 0 ? value : throw new FormatException("must be positive");
    }

    private static TimeSpan Seconds(string text)
    {
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return value is > 0 and <= 3600 ? TimeSpan.FromSeconds(value) : throw new FormatException("must be between 0 and 3600 seconds");
    }

    private static Uri LoopbackUrl(string text)
    {
        var url = new Uri(text, UriKind.Absolute);
        if (url.Scheme != Uri.UriSchemeHttp || !IPAddress.TryParse(url.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new FormatException("only http:// on a loopback address (127.0.0.0/8) is allowed");
        }

        return url;
    }
}
