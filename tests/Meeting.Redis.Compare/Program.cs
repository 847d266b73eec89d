using System.Diagnostics;
using Meeting.Redis.Compare;
using Meeting.Redis.Compare.Reporting;
using Meeting.Redis.Compare.Stacks;
using Meeting.Redis.Compare.Topology;

// The same Sentinel drills against StackExchange.Redis + the official backplane and against Meeting.Redis +
// Meeting.SignalR.Redis, each on a fresh private topology, printed side by side (README.md).
var options = CompareOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(CompareOptions.Usage);
    return 2;
}

ThreadPool.GetMinThreads(out var minWorkers, out _);
var machine = $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, "
    + $"thread pool min {minWorkers} workers (not raised), {RedisVersion()}; timing {(options.Quick ? "quick" : "full")} "
    + $"(warm-up {options.Timing.Warmup.TotalSeconds:0} s, {options.Timing.Tail.TotalSeconds:0} s measured after Sentinel settled), {options.Repeat} run(s) per drill.";
Console.WriteLine(machine);

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10) * options.Drills.Count * options.Repeat);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var stacks = new List<(string Name, Func<PrivateTopology, IRedisStack> Create)>();
var standardName = new StandardStack([], NodeConfig.MasterName, NodeConfig.Password).Name;
var oursName = new OwnStack([], NodeConfig.MasterName, NodeConfig.Password).Name;
if (options.RunStandard)
{
    stacks.Add((standardName, t => new StandardStack(t.SentinelAddresses, NodeConfig.MasterName, NodeConfig.Password)));
}

if (options.RunOurs)
{
    stacks.Add((oursName, t => new OwnStack(t.SentinelAddresses, NodeConfig.MasterName, NodeConfig.Password)));
}

var runner = new DrillRunner(options.Timing, options.Verbose, Console.Out);
var results = new List<DrillResult>();
var failures = 0;
for (var run = 0; run < options.Repeat && !cancel.IsCancellationRequested; run++)
{
    foreach (var drill in options.Drills)
    {
        foreach (var (name, create) in stacks)
        {
            var started = Stopwatch.StartNew();
            try
            {
                using var perRun = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
                perRun.CancelAfter(TimeSpan.FromMinutes(5));
                results.Add(await runner.RunAsync(drill, create, perRun.Token));
                Console.WriteLine($"  {drill} / {name}: done in {started.Elapsed.TotalSeconds:0} s");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                failures++;
                Console.WriteLine($"  {drill} / {name}: FAILED after {started.Elapsed.TotalSeconds:0} s: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }
}

var command = "dotnet run -c Release --project tests/Meeting.Redis.Compare" + (args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty);
var report = new CompareReport(results, standardName, oursName, machine, command);
Console.WriteLine(report.ToText());
if (options.MarkdownPath is { } path)
{
    await File.WriteAllTextAsync(path, report.ToMarkdown());
    Console.WriteLine($"Markdown written to {path}.");
}

return failures == 0 && !cancel.IsCancellationRequested ? 0 : 1;

static string RedisVersion()
{
    try
    {
        using var process = Process.Start(new ProcessStartInfo(Meeting.Testing.Redis.RedisExecutables.Find("redis-server"), ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = process.StandardOutput.ReadLine() ?? string.Empty;
        if (!process.WaitForExit(5000))
        {
            process.Kill();
        }

        return text.Split(' ').FirstOrDefault(p => p.StartsWith("v=", StringComparison.Ordinal))?.Replace("v=", "redis ", StringComparison.Ordinal) ?? "redis ?";
    }
    catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
    {
        return "redis ?";
    }
}
