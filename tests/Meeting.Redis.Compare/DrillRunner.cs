using System.Diagnostics;
using Meeting.Redis.Compare.Hosting;
using Meeting.Redis.Compare.Measurement;
using Meeting.Redis.Compare.Stacks;
using Meeting.Redis.Compare.Topology;
using Microsoft.AspNetCore.SignalR.Client;

namespace Meeting.Redis.Compare;

/// <summary>
/// One drill for one stack on a fresh topology: the writer, the stall loop, the cross-server messages and the group
/// calls run from before the fault until <see cref="DrillTiming.Tail"/> after the topology has settled; then what was
/// acknowledged is checked against what the master and host B's client actually have.
/// </summary>
internal sealed class DrillRunner(DrillTiming timing, bool verbose, TextWriter log)
{
    private const string Group = "compare-group";
    private const int WriteCapacity = 20_000;
    private const int MessageCapacity = 10_000;
    private const int CallCapacity = 600;

    public async Task<DrillResult> RunAsync(DrillKind drill, Func<PrivateTopology, IRedisStack> createStack, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var topology = await PrivateTopology.StartAsync(cancellationToken);
        var stack = createStack(topology);
        log.WriteLine($"  {drill} / {stack.Name}: topology up in {clock.Elapsed.TotalSeconds:0.0} s (master {topology.Master.Address})");
        var hosts = new List<HubHost>();
        var clients = new List<HubConnection>();
        IKeyWriter? writer = null;
        using var stop = new CancellationTokenSource();
        try
        {
            writer = await stack.ConnectWriterAsync(cancellationToken);
            var hostA = await StartHostAsync("a", stack, hosts, cancellationToken);
            var hostB = await StartHostAsync("b", stack, hosts, cancellationToken);
            var hostC = await StartHostAsync("c", stack, hosts, cancellationToken);
            var receiver = Client(hostB, clients);
            var closedMs = double.NaN;
            var closedBecause = string.Empty;
            receiver.Closed += ex =>
            {
                closedBecause = ex?.Message ?? "closed without an error";
                closedMs = clock.Elapsed.TotalMilliseconds;
                return Task.CompletedTask;
            };
            var messages = new MessageProbe(hostA.Hub, receiver, Group, clock, MessageCapacity);
            messages.Listen();
            var liveId = await ConnectAsync(receiver, cancellationToken);
            await receiver.InvokeAsync(nameof(CompareHub.JoinGroup), Group, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            var deadClient = Client(hostC, clients);
            var deadId = await ConnectAsync(deadClient, cancellationToken);
            await hostC.DisposeAsync();

            var writes = new WriteProbe(writer, clock, WriteCapacity);
            var stalls = new StallProbe(clock);
            var liveCalls = new GroupCallProbe(hostA.Hub, liveId, TimeSpan.FromMilliseconds(500), clock, CallCapacity);
            var deadCalls = new GroupCallProbe(hostA.Hub, deadId, TimeSpan.FromSeconds(2), clock, CallCapacity);
            var loops = new[] { writes.RunAsync(stop.Token), stalls.RunAsync(stop.Token), messages.RunAsync(stop.Token), liveCalls.RunAsync(stop.Token), deadCalls.RunAsync(stop.Token) };

            await Task.Delay(timing.Warmup, cancellationToken);
            if (!Enumerable.Range(0, messages.Count).Any(n => messages.Received(n, Channel.All)))
            {
                throw new InvalidOperationException("No message crossed from host A to host B before the fault: the backplane is not working.");
            }

            var faultMs = double.NaN;
            await FaultInjector.ApplyAsync(drill, topology, timing, () => faultMs = clock.Elapsed.TotalMilliseconds, cancellationToken);
            var master = await FaultInjector.WaitSettledAsync(drill, topology, timing, cancellationToken);
            var settledMs = clock.Elapsed.TotalMilliseconds - faultMs;
            log.WriteLine($"  {drill} / {stack.Name}: settled {settledMs:0} ms after the fault on {master.Address}; measuring {timing.Tail.TotalSeconds:0} s more");
            await Task.Delay(timing.Tail, cancellationToken);

            await stop.CancelAsync();
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            await writes.DrainAsync(timing.DrainTimeout);
            await messages.DrainAsync(timing.DrainTimeout);
            var liveLongest = await liveCalls.LongestMsAsync(timing.DrainTimeout);
            var deadLongest = await deadCalls.LongestMsAsync(timing.DrainTimeout);
            await Task.Delay(timing.Settle, cancellationToken);

            master = await FaultInjector.WaitSettledAsync(drill, topology, timing, cancellationToken);
            var lost = await KeyAudit.FindLostAsync(master.Address, NodeConfig.Password, writes, cancellationToken);
            var notes = double.IsNaN(closedMs) ? string.Empty
                : $"host B's client was disconnected {closedMs - faultMs:0} ms after the fault ({closedBecause}); messages sent after that are not counted";
            return ResultBuilder.Build(drill, stack.Name, faultMs, settledMs, writes, lost, stalls, messages, closedMs, liveLongest, deadLongest, notes);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var client in clients)
            {
                await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            if (writer is not null)
            {
                await writer.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await stack.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static HubConnection Client(HubHost host, List<HubConnection> clients)
    {
        var connection = new HubConnectionBuilder().WithUrl(host.Url).Build();
        clients.Add(connection);
        return connection;
    }

    private static async Task<string> ConnectAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        await connection.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return await connection.InvokeAsync<string>(nameof(CompareHub.WhoAmI), cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    private async Task<HubHost> StartHostAsync(string name, IRedisStack stack, List<HubHost> hosts, CancellationToken cancellationToken)
    {
        var host = await HubHost.StartAsync(name, stack, verbose, cancellationToken);
        hosts.Add(host);
        return host;
    }
}
