using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Meeting.Backplane.Bench;
using Meeting.Backplane.Bench.Hosting;

// Meeting.Backplane.Bench: cross-server fan-out through the Redis SignalR backplane. Starts redis-server and two
// meeting servers (gra, sbg) on loopback, drives them with protocol-level clients, prints the figures, and kills
// exactly the three processes it started — when done, on failure, on Ctrl+C and when --max-runtime runs out.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (!BenchOptions.TryParse(args, out var options, out var usageError))
{
    Console.Error.WriteLine(string.IsNullOrEmpty(usageError) ? BenchOptions.Usage : usageError + Environment.NewLine + Environment.NewLine + BenchOptions.Usage);
    return string.IsNullOrEmpty(usageError) ? 0 : 2;
}

#if DEBUG
Console.Error.WriteLine("warning: this is a Debug build and so is the server it starts; run with -c Release for figures that mean anything.");
#endif

var started = Stopwatch.GetTimestamp();
using var run = new CancellationTokenSource(options.MaxRuntime);
var report = new BenchReport(options)
{
    Machine = $"{Environment.ProcessorCount} cores, load average {LoadAverage()} at start; bench and servers {SiteServer.Configuration}, bench GC {(GCSettings.IsServerGC ? "server" : "workstation")}",
};

var bench = new BackplaneBench(options, report);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    report.Failure ??= "stopped by Ctrl+C";
    run.Cancel();
    bench.KillServers();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => bench.KillServers();

var exitCode = 1;
try
{
    Console.WriteLine($"Meeting.Backplane.Bench: {options.Rooms} rooms, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per phase, at most {options.MaxRuntime.TotalSeconds:0} s in all");
    await bench.RunAsync(run.Token);
    exitCode = 0;
}
catch (OperationCanceledException) when (run.IsCancellationRequested)
{
    report.Failure ??= $"stopped by --max-runtime ({options.MaxRuntime.TotalSeconds:0} s)";
}
catch (Exception ex)
{
    report.Failure ??= $"{ex.GetType().Name}: {ex.Message}";
}
finally
{
    await bench.DisposeAsync();
}

report.Elapsed = Stopwatch.GetElapsedTime(started);
report.Print(Console.Out);
return exitCode;

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "?";
    }
}
