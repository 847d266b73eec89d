using System.Diagnostics;
using Meeting.Bench;
using Meeting.Bench.Bare;
using Meeting.Bench.Hosting;

if (args.Contains(BareHubHost.Argument))
{
    return await BareHubHost.RunAsync(args);
}

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

Console.WriteLine($"Meeting.Bench: {string.Join(" then ", options.Targets.Select(t => t.Name))}; {options.Connections} connections in rooms of {options.RoomSize}, {options.Senders} senders, {options.Duration.TotalSeconds:0} s phases, at most {options.MaxRuntime.TotalSeconds:0} s in all");
var report = new BenchReport(options);
foreach (var target in options.Targets)
{
    report.Runs.Add(await new ServerBench(options, target).RunAsync(run.Token));
}

report.Elapsed = Stopwatch.GetElapsedTime(runStarted);
report.Print(Console.Out);
return report.Runs.Any(r => r.Failure is not null) ? 1 : 0;
