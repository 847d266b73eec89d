using System.Globalization;
using Meeting.Redis;
using Meeting.Redis.Bench;
using Meeting.Testing.Redis;

// Meeting.Redis benchmark: throughput against redis-benchmark under the same load shape, and time to follow a
// Sentinel failover. Starts its own servers on free loopback ports and kills exactly those when done.
const int Clients = 50;
const int Pipeline = 16;
const int Requests = 200_000;
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(5));
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

await using (var redis = await StandaloneRedis.StartAsync(requirePassword: false, budget.Token))
{
    var port = redis.Server.Port.ToString(CultureInfo.InvariantCulture);
    string[] Args(int pipeline) => ["-h", "127.0.0.1", "-p", port, "-t", "get,set", "-P", pipeline.ToString(CultureInfo.InvariantCulture), "-c", Clients.ToString(CultureInfo.InvariantCulture), "-n", Requests.ToString(CultureInfo.InvariantCulture), "-q"];

    await using var client = await RedisClient.ConnectAsync(new RedisOptions { EndPoint = redis.Address }, cancellationToken: budget.Token);
    foreach (var pipeline in new[] { Pipeline, 1 })
    {
        // Both sides run three times, interleaved, and the medians are compared: on two cores the run-to-run noise is large.
        var reference = new List<Dictionary<string, double>>();
        var ours = new List<(double Set, double Get)>();
        await ClientThroughput.RunAsync(client, "SET", Clients, pipeline, Requests / 4); // warm-up: JIT, buffers
        for (var run = 0; run < 3; run++)
        {
            reference.Add(await RedisBenchmarkTool.RunAsync(Args(pipeline), TimeSpan.FromMinutes(1)));
            ours.Add((await ClientThroughput.RunAsync(client, "SET", Clients, pipeline, Requests), await ClientThroughput.RunAsync(client, "GET", Clients, pipeline, Requests)));
        }

        var (refSet, refGet) = (Median(reference.Select(r => r["SET"])), Median(reference.Select(r => r["GET"])));
        var (set, get) = (Median(ours.Select(o => o.Set)), Median(ours.Select(o => o.Get)));
        Console.WriteLine($"redis-benchmark {string.Join(' ', Args(pipeline)[4..])}   (median of 3 runs each, interleaved)");
        Console.WriteLine($"  redis-benchmark ({Clients} connections):                 SET {refSet,12:N0} ops/s   GET {refGet,12:N0} ops/s   runs SET {Range(reference.Select(r => r["SET"]))} GET {Range(reference.Select(r => r["GET"]))}");
        Console.WriteLine($"  Meeting.Redis ({Clients} callers x {pipeline} in flight, 1 connection): SET {set,12:N0} ops/s   GET {get,12:N0} ops/s   runs SET {Range(ours.Select(o => o.Set))} GET {Range(ours.Select(o => o.Get))}");
        Console.WriteLine($"  ratio (ours / redis-benchmark):                      SET {set / refSet,12:0.00}         GET {get / refGet,12:0.00}");
    }
}

static double Median(IEnumerable<double> values) => values.Order().ElementAt(1);

static string Range(IEnumerable<double> values) => $"{values.Min() / 1000:0}k-{values.Max() / 1000:0}k";

// "--throughput-only" skips the failover timings.
foreach (var kill in args.Contains("--throughput-only") ? [] : new[] { false, true })
{
    var result = await FailoverTimer.RunAsync(kill, budget.Token);
    Console.WriteLine($"Sentinel failover by {result.Trigger} (down-after-milliseconds 1000):");
    Console.WriteLine($"  trigger -> +switch-master:                 {result.ToSwitchMaster.TotalMilliseconds,7:0} ms");
    Console.WriteLine($"  +switch-master -> first write on new master: {result.SwitchToFirstWrite.TotalMilliseconds,7:0} ms");
    Console.WriteLine($"  trigger -> first write on new master:        {result.TriggerToFirstWrite.TotalMilliseconds,7:0} ms   ({result.FailedWrites} writes failed meanwhile)");
}
