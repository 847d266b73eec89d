using System.Diagnostics;
using System.Globalization;
using Meeting.Kit.Bench;

if (!StormOptions.TryParse(args, out var options, out var usageError))
{
    Console.Error.WriteLine(usageError is null ? StormOptions.Usage : usageError + "\n\n" + StormOptions.Usage);
    return usageError is null ? 0 : 2;
}

var root = KitControl.FindRoot();
if (root is null)
{
    Console.Error.WriteLine("Run the storm from the checkout (no Meeting.sln and kit above the working directory).");
    return 2;
}

#if DEBUG
Console.Error.WriteLine("warning: this is a Debug build of the bench; run it with -c Release (./kit drill storm does).");
#endif

// Every client gets a session of its own: no cookie is ever kept, as for separate browsers.
using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = options.Parallel })
{
    Timeout = TimeSpan.FromSeconds(10),
};
var kit = new KitControl(root, options.Front, http);
// Ctrl+C ends the storm under way (and any further ones); GRA is still restored on the way out.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

using (var ready = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
{
    var missing = new[] { ("gra server", kit.ServerPid("gra")), ("sbg server", kit.ServerPid("sbg")), ("caddy", kit.CaddyPid()) }
        .Where(p => p.Item2 is null).Select(p => p.Item1).ToArray();
    if (missing.Length > 0)
    {
        Console.Error.WriteLine($"The kit is not running ({string.Join(", ", missing)} down): ./kit up first.");
        return 2;
    }

    if (await kit.WaitUntilFrontRoutesToAsync("gra", TimeSpan.FromSeconds(20), ready.Token) is null)
    {
        Console.Error.WriteLine($"Caddy at {options.Front} does not route to gra: ./kit status.");
        return 2;
    }
}

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"==> reconnect storm: {options.Clients} clients in rooms of {options.RoomSize} through {options.Front} at gra, SIGKILL gra, until all are back in their rooms at sbg; {options.Repeat} run(s), bound {options.MaxStorm.TotalMilliseconds:0} ms"));
var results = new List<StormResult>();
for (var run = 1; run <= options.Repeat; run++)
{
    Console.WriteLine($"storm {run}/{options.Repeat}");
    StormResult result;
    using (var bound = CancellationTokenSource.CreateLinkedTokenSource(interrupted.Token))
    {
        bound.CancelAfter(options.MaxRuntime);
        try
        {
            result = await new StormRun(options, kit, http, Console.Out).RunAsync(run, bound.Token);
        }
        catch (Exception ex)
        {
            Console.WriteLine($"  FAILED: {ex.GetType().Name}: {ex.Message}");
            result = Failed(ex.Message);
        }
    }

    result.Print(Console.Out, options.MaxStorm);
    if (options.Restore && kit.ServerPid("gra") is null)
    {
        result = await RestoreAsync(kit, result);
    }

    results.Add(result);
    if (result.RestoreFailure is not null || (run < options.Repeat && kit.ServerPid("gra") is null))
    {
        Console.WriteLine("  GRA is not back; no further storms");
        break;
    }

    if (interrupted.IsCancellationRequested)
    {
        Console.WriteLine("  interrupted; no further storms");
        break;
    }
}

var passed = results.Count(r => r.Passed(options.MaxStorm));
var storms = results.Where(r => !double.IsInfinity(r.StormMs)).Select(r => r.StormMs).ToArray();
var everyone = results.SelectMany(r => r.RejoinedMs).ToArray();
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reconnect storm, {options.Clients} clients: {passed}/{options.Repeat} storms passed"));
if (storms.Length > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  storm time per run: {string.Join(", ", storms.Select(s => s.ToString("0", CultureInfo.InvariantCulture) + " ms"))} (bound {options.MaxStorm.TotalMilliseconds:0} ms)"));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"  back in room over all runs: p50 {Percentiles.Of(everyone, 50):0} ms, p95 {Percentiles.Of(everyone, 95):0} ms, max {everyone.Max():0} ms (n={everyone.Length})"));
}

Console.WriteLine(passed == options.Repeat ? "PASS" : "FAIL");
return passed == options.Repeat ? 0 : 1;

static StormResult Failed(string why) => new()
{
    Clients = 0,
    Rooms = 0,
    SetUp = TimeSpan.Zero,
    KilledPid = 0,
    ClosedMs = [],
    ReconnectedMs = [],
    RejoinedMs = [],
    JoinMs = [],
    Back = 0,
    ElsewhereThanSbg = 0,
    RoomsWhole = 0,
    AttemptsHistogram = new Dictionary<int, int>(),
    Failures = new Dictionary<string, int>(),
    RejoinsRefused = 0,
    Failure = why,
};

static async Task<StormResult> RestoreAsync(KitControl kit, StormResult result)
{
    var watch = Stopwatch.StartNew();
    try
    {
        var (exitCode, output) = await kit.UpAsync(CancellationToken.None);
        if (exitCode != 0)
        {
            Console.WriteLine($"  ./kit up failed (exit {exitCode}):\n{output}");
            return result with { RestoreFailure = "./kit up failed" };
        }

        var ready = watch.Elapsed;
        var routed = await kit.WaitUntilFrontRoutesToAsync("gra", TimeSpan.FromSeconds(20), CancellationToken.None);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  GRA restored with ./kit up --no-build: up after {ready.TotalMilliseconds:0} ms, Caddy routes to gra {(routed is { } r ? (r.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms later") : "not within 20 s")}"));
        return result with { RestoreReady = ready, RestoreRouted = routed, RestoreFailure = routed is null ? "Caddy did not route to gra again" : null };
    }
    catch (TimeoutException ex)
    {
        Console.WriteLine("  " + ex.Message);
        return result with { RestoreFailure = ex.Message };
    }
}
