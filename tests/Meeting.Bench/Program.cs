using System.Diagnostics;
using System.Globalization;
using Meeting.Bench;
using Meeting.Bench.Clients;
using Meeting.Bench.Hosting;
using Meeting.Bench.Measurement;
using Meeting.Bench.Phases;

if (!BenchOptions.TryParse(args, out var options, out var usageError))
{
    Console.Error.WriteLine(string.IsNullOrEmpty(usageError) ? BenchOptions.Usage : usageError + "\n\n" + BenchOptions.Usage);
    return string.IsNullOrEmpty(usageError) ? 0 : 2;
}

var fdLimit = ProcStatus.ReadOpenFileLimit();
if (fdLimit is { } limit && limit < options.Connections + 512)
{
    Console.Error.WriteLine($"ulimit -n is {limit}: {options.Connections} connections need about {options.Connections + 512} file descriptors in the bench and as many in the server. Raise it (ulimit -n) or pass fewer --connections.");
    return 2;
}

#if DEBUG
Console.Error.WriteLine("warning: this is a Debug build, and so is the server it starts; run with -c Release for figures that mean anything.");
#endif

var runStarted = Stopwatch.GetTimestamp();
using var run = new CancellationTokenSource(options.MaxRuntime);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    run.Cancel();
};

var report = new BenchReport(options) { LoadAverage = SystemCpu.LoadAverage() };
var exitCode = 1;
ServerProcess? server = null;
HubConnector? connector = null;
ClientFleet? fleet = null;
using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
try
{
    Console.WriteLine($"Meeting.Bench: {options.Connections} connections in rooms of {options.RoomSize}, {options.Senders} senders, {options.Duration.TotalSeconds:0} s phases, at most {options.MaxRuntime.TotalSeconds:0} s in all");
    server = options.Url is { } url
        ? await ServerProcess.AttachAsync(url, options.ServerPid, health, run.Token)
        : await ServerProcess.StartAsync(options, health, run.Token);
    var started = server;
    AppDomain.CurrentDomain.ProcessExit += (_, _) => started.KillNow();
    report.Server = $"{server.Description}, pid {server.Pid?.ToString(CultureInfo.InvariantCulture) ?? "?"}, {server.BaseUrl}";
    Console.WriteLine("server: " + report.Server);

    connector = new HubConnector(server.BaseUrl, options.EffectiveSourceAddresses, options.Parallel);
    var sources = connector.SourceAddresses;
    report.Clients = $"{options.Connections} WebSockets from {sources.Count} source address(es) {sources[0]}..{sources[^1]}, {options.Parallel} opened at once; pings after 10 s of silence";
    var sink = new SignalSink();
    fleet = new ClientFleet(connector, sink, options.Connections, options.RoomSize);
    fleet.StartKeepAlive(options.MaxRuntime);
    var openFleet = fleet;
    using var abortOnStop = run.Token.Register(openFleet.AbortAll);

    Console.WriteLine("phase A: opening and joining connections");
    report.Idle = await new IdlePhase(options, server, fleet).RunAsync(run.Token);

    // The bench's own heap now holds ten thousand connections: collect it here, in the bench only,
    // so that a full collection of the client does not land inside phase B or C.
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

    Console.WriteLine($"phase B: relay throughput, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0} s");
    report.Throughput = await new ThroughputPhase(options, server, fleet, sink).RunAsync(run.Token);
    Console.WriteLine($"  {report.Throughput.RelayedPerSecond:N0} Signals/s");

    var (rate, rateSource) = options.Rate is { } fixedRate
        ? (fixedRate, "--rate")
        : ((int)Math.Clamp(report.Throughput.RelayedPerSecond / 2, 100, BenchOptions.MaxAutoRate), $"half of phase B, at most {BenchOptions.MaxAutoRate:N0}");
    Console.WriteLine($"phase C: latency at {rate:N0} Signals/s, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0} s");
    report.Latency = await new LatencyPhase(options, server, fleet, sink).RunAsync(rate, rateSource, run.Token);

    report.Dropped = fleet.Dropped;
    report.FirstDropReason = fleet.FirstDropReason;
    exitCode = 0;
}
catch (OperationCanceledException) when (run.IsCancellationRequested)
{
    report.Failure = $"stopped after {Stopwatch.GetElapsedTime(runStarted).TotalSeconds:0} s (--max-runtime {options.MaxRuntime.TotalSeconds:0} s, or Ctrl+C)";
}
catch (Exception ex)
{
    report.Failure = ex.GetType().Name + ": " + ex.Message;
}
finally
{
    if (server is not null)
    {
        report.ServerWarnings = server.Warnings;
        if (report.Failure is not null || server.HasExited || server.Warnings > 0)
        {
            report.ServerTail = server.Tail();
        }

        // The server goes first (when this bench started it), so that the clients see a close
        // instead of leaving ten thousand of their own ports in TIME_WAIT.
        await server.DisposeAsync();
    }

    if (fleet is not null)
    {
        await fleet.DisposeAsync();
    }

    connector?.Dispose();
}

report.Elapsed = Stopwatch.GetElapsedTime(runStarted);
report.Print(Console.Out);
return exitCode;
