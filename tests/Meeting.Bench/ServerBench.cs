using System.Diagnostics;
using System.Globalization;
using Meeting.Bench.Clients;
using Meeting.Bench.Hosting;
using Meeting.Bench.Measurement;
using Meeting.Bench.Phases;

namespace Meeting.Bench;

/// <summary>
/// Phases A-D against one server: starts it (or attaches to <c>--url</c>), opens the fleet, measures, and
/// closes everything it opened whatever happened. A failure is recorded in the result, not thrown, so the
/// other server's figures still print.
/// </summary>
internal sealed class ServerBench(BenchOptions options, HubTarget target)
{
    public async Task<ServerRun> RunAsync(CancellationToken cancellationToken)
    {
        var result = new ServerRun(target) { LoadAverage = SystemCpu.LoadAverage() };
        var started = Stopwatch.GetTimestamp();
        ServerProcess? server = null;
        HubConnector? connector = null;
        ClientFleet? fleet = null;
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            Console.WriteLine($"[{target.Name}] load average {result.LoadAverage}");
            server = options.Url is { } url && target.UsesSessions
                ? await ServerProcess.AttachAsync(url, options.ServerPid, health, cancellationToken)
                : await ServerProcess.StartAsync(options, target, health, cancellationToken);
            var running = server;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => running.KillNow();
            result.Server = $"{server.Description}, pid {server.Pid?.ToString(CultureInfo.InvariantCulture) ?? "?"}, {server.BaseUrl}";
            Console.WriteLine($"[{target.Name}] server: {result.Server}");

            connector = new HubConnector(server.BaseUrl, target, options.EffectiveSourceAddresses, options.Parallel);
            var sources = connector.SourceAddresses;
            result.Clients = $"{options.Connections} WebSockets from {sources.Count} source address(es) {sources[0]}..{sources[^1]}, {options.Parallel} opened at once; pings after 10 s of silence";
            var sink = new SignalSink();
            fleet = new ClientFleet(connector, sink, options.Connections, options.RoomSize);
            fleet.StartKeepAlive(options.MaxRuntime);
            var openFleet = fleet;
            using var abortOnStop = cancellationToken.Register(openFleet.AbortAll);

            Console.WriteLine($"[{target.Name}] phase A: opening " + (target.UsesSessions ? "and joining connections" : "connections"));
            result.Idle = await new IdlePhase(options, server, fleet).RunAsync(cancellationToken);

            // The bench's own heap now holds ten thousand connections: collect it here, in the bench only,
            // so that a full collection of the client does not land inside phase B, C or D.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

            var (warmSeconds, jit) = await new ServerWarmup(options, server, fleet, sink).RunAsync(cancellationToken);
            result.Warmup = $"{warmSeconds:0} s at phase B's load; the server's JIT thread used {(jit is { } j ? j.ToString("0.00", CultureInfo.InvariantCulture) : "?")} cores in the last second";
            Console.WriteLine($"[{target.Name}] server warm-up: {result.Warmup}");

            Console.WriteLine($"[{target.Name}] phase B: relay throughput, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0} s");
            result.Throughput = await new ThroughputPhase(options, server, fleet, sink).RunAsync(cancellationToken);
            Console.WriteLine($"  {result.Throughput.RelayedPerSecond:N0} Signals/s");
            if (options.TypedPairs > 0 && target.UsesSessions)
            {
                Console.WriteLine($"[{target.Name}] typed client: {options.TypedPairs} pairs of MeetingHubClient, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0} s");
                var (perSecond, benchMicroseconds) = await new TypedClientPhase(options, server.BaseUrl, connector).RunAsync(options.TypedPairs, cancellationToken);
                Console.WriteLine($"  {perSecond:N0} Signals/s; bench {benchMicroseconds:0.0} µs of CPU per Signal (raw client in phase B: {result.Throughput.ClientMicrosecondsPerSignal:0.0} µs)");
            }


            var latency = new LatencyPhase(options, server, fleet, sink);
            if (!options.Quick)
            {
                var (rate, rateSource) = options.Rate is { } fixedRate
                    ? (fixedRate, "--rate")
                    : ((int)Math.Clamp(result.Throughput.RelayedPerSecond / 2, 100, BenchOptions.MaxAutoRate), $"half of phase B, at most {BenchOptions.MaxAutoRate:N0}");
                Console.WriteLine($"[{target.Name}] phase C: latency at {rate:N0} Signals/s, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0} s");
                result.Latency = await latency.RunAsync(rate, rateSource, cancellationToken);
            }

            Console.WriteLine($"[{target.Name}] phase D: latency at {options.FixedRate:N0} Signals/s, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0} s");
            result.FixedLatency = await latency.RunAsync(options.FixedRate, "--fixed-rate, the target's rate", cancellationToken);

            result.Dropped = fleet.Dropped;
            result.FirstDropReason = fleet.FirstDropReason;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result.Failure = $"stopped after {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s (--max-runtime {options.MaxRuntime.TotalSeconds:0} s, or Ctrl+C)";
        }
        catch (Exception ex)
        {
            result.Failure = ex.GetType().Name + ": " + ex.Message;
        }
        finally
        {
            if (server is not null)
            {
                result.ServerWarnings = server.Warnings;
                if (result.Failure is not null || server.HasExited || server.Warnings > 0)
                {
                    result.ServerTail = server.Tail();
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

        result.Elapsed = Stopwatch.GetElapsedTime(started);
        return result;
    }
}
