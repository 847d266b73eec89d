using System.Diagnostics;
using Meeting.Bench.Clients;
using Meeting.Bench.Measurement;
using Meeting.Testing.Hub;

namespace Meeting.Bench.Phases;

/// <summary>
/// The typed client as a load client (<c>--typed-pairs</c>): <see cref="MeetingHubClient"/>, the standard
/// SignalR client the tests use, in pairs of its own rooms; each sender sends Signals without completions
/// (<see cref="MeetingHubClient.SendSignalAsync"/>), at most <see cref="BenchOptions.Window"/> in flight,
/// and its receiver takes each from the client's event queue, as a test does. The figure is the bench
/// process's CPU per Signal received, to hold beside phase B's, where the raw client did the same work.
/// </summary>
internal sealed class TypedClientPhase
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    private const string Candidate = "candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.0.7 rport 61665 generation 0 ufrag EEtu network-id 3 network-cost 999";

    private readonly BenchOptions _options;
    private readonly Uri _baseUrl;
    private readonly HubConnector _connector;

    public TypedClientPhase(BenchOptions options, Uri baseUrl, HubConnector connector)
    {
        _options = options;
        _baseUrl = baseUrl;
        _connector = connector;
    }

    public async Task<(double PerSecond, double BenchMicrosecondsPerSignal)> RunAsync(int pairs, CancellationToken cancellationToken = default)
    {
        var clients = new List<MeetingHubClient>();
        try
        {
            var peers = new (MeetingHubClient Sender, MeetingHubClient Receiver, string ReceiverPeer)[pairs];
            for (var i = 0; i < pairs; i++)
            {
                var sender = await ConnectAsync(clients, cancellationToken);
                var receiver = await ConnectAsync(clients, cancellationToken);
                await sender.JoinAsync($"typed-{i}", "sender", cancellationToken);
                var joined = await receiver.JoinAsync($"typed-{i}", "receiver", cancellationToken);
                peers[i] = (sender, receiver, joined.PeerId);
            }

            var end = Deadline.After(Stopwatch.GetTimestamp(), _options.Warmup + _options.Duration);
            long received = 0;
            var loops = peers.SelectMany(p =>
            {
                var window = new SemaphoreSlim(_options.Window, _options.Window);
                return new[] { SendAsync(p.Sender, p.ReceiverPeer, window, end, cancellationToken), ReceiveAsync(p.Receiver, window, end, () => Interlocked.Increment(ref received), cancellationToken) };
            }).ToArray();

            await Task.Delay(_options.Warmup, cancellationToken);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var countBefore = Interlocked.Read(ref received);
            var started = Stopwatch.GetTimestamp();
            await Task.Delay(_options.Duration, cancellationToken);
            var count = Interlocked.Read(ref received) - countBefore;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await Task.WhenAll(loops).WaitAsync(CallTimeout, cancellationToken);
            return (count / seconds, count == 0 ? double.NaN : cpu.TotalMicroseconds / count);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task<MeetingHubClient> ConnectAsync(List<MeetingHubClient> clients, CancellationToken cancellationToken)
    {
        var (token, _) = await _connector.CreateSessionAsync(cancellationToken);
        var client = await MeetingHubClient.ConnectAsync(new MeetingHubClientOptions(new Uri(_baseUrl, "/hubs/meeting")) { AccessToken = token, CallTimeout = CallTimeout }, cancellationToken);
        clients.Add(client);
        return client;
    }

    private static async Task SendAsync(MeetingHubClient sender, string to, SemaphoreSlim window, long end, CancellationToken cancellationToken)
    {
        for (var seq = 0; !Deadline.HasPassed(end); seq++)
        {
            if (!await window.WaitAsync(Deadline.Until(end), cancellationToken))
            {
                return;
            }

            await sender.SendSignalAsync(to, new { kind = "candidate", seq, sentAt = Stopwatch.GetTimestamp(), candidate = Candidate, sdpMid = "0", sdpMLineIndex = 0 }, cancellationToken);
        }
    }

    private static async Task ReceiveAsync(MeetingHubClient receiver, SemaphoreSlim window, long end, Action counted, CancellationToken cancellationToken)
    {
        while (!Deadline.HasPassed(end))
        {
            try
            {
                await receiver.Signal.NextAsync(timeout: TimeSpan.FromSeconds(1), cancellationToken: cancellationToken);
            }
            catch (TimeoutException)
            {
                continue;
            }

            counted();
            window.Release();
        }
    }
}
