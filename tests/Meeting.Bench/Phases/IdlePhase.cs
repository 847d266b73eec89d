using System.Diagnostics;
using Meeting.Bench.Clients;
using Meeting.Bench.Hosting;
using Meeting.Bench.Measurement;

namespace Meeting.Bench.Phases;

/// <summary>
/// Phase A: open every connection, join them all to their rooms, let them idle, and read how much the
/// server's resident memory grew per connection. The baseline is read after a small warm-up (a few
/// rooms joined and signalling), since a GC cannot be forced from outside the server; a second reading
/// with half of the connections open gives the marginal cost of the second half.
/// </summary>
internal sealed class IdlePhase
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private readonly BenchOptions _options;
    private readonly ServerProcess _server;
    private readonly ClientFleet _fleet;

    public IdlePhase(BenchOptions options, ServerProcess server, ClientFleet fleet)
    {
        _options = options;
        _server = server;
        _fleet = fleet;
    }

    public async Task<IdleResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var warmup = _options.WarmupConnections;
        await _fleet.OpenAsync(0, warmup, _options.Parallel, TimeSpan.FromSeconds(30), cancellationToken);
        await WarmSignalPathAsync(warmup, cancellationToken);
        await Task.Delay(Settle, cancellationToken);
        var baseline = _server.ReadRssBytes();
        Console.WriteLine($"  baseline after {warmup} warm-up connections: server RSS {Mb(baseline)}");

        var connectTimeout = TimeSpan.FromSeconds(Math.Max(30, _options.Connections / 100.0));
        var half = Math.Max(warmup, _options.Connections / 2 / _options.RoomSize * _options.RoomSize);
        var started = Stopwatch.GetTimestamp();
        long? halfRss;
        int halfJoined;
        using (var progress = new CancellationTokenSource())
        {
            var reporter = ReportProgressAsync(started, progress.Token);
            await _fleet.OpenAsync(warmup, half, _options.Parallel, connectTimeout, cancellationToken);
            await Task.Delay(Settle, cancellationToken);
            halfRss = _server.ReadRssBytes();
            halfJoined = _fleet.Joined;
            Console.WriteLine($"  {halfJoined} joined: server RSS {Mb(halfRss)}");
            await _fleet.OpenAsync(half, _options.Connections, _options.Parallel, connectTimeout, cancellationToken);
            await progress.CancelAsync();
            await reporter;
        }

        var connectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds - Settle.TotalSeconds;
        Console.WriteLine($"  {_fleet.Joined} of {_options.Connections} joined in {connectSeconds:0.0} s ({_fleet.Failed} failed); idling {_options.Idle.TotalSeconds:0} s");

        var idleStarted = Stopwatch.GetTimestamp();
        long? idle = null;
        while (Stopwatch.GetElapsedTime(idleStarted) < _options.Idle)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            idle = _server.ReadRssBytes();
        }

        return new IdleResult(
            _options.Connections,
            _options.RoomSize,
            warmup,
            _fleet.Joined,
            _fleet.Failed,
            _fleet.FirstError,
            connectSeconds,
            baseline,
            halfJoined,
            halfRss,
            idle,
            Stopwatch.GetElapsedTime(idleStarted).TotalSeconds);
    }

    /// <summary>Runs the Signal path a few hundred times so that its code is jitted and its pools exist before the baseline.</summary>
    private async Task WarmSignalPathAsync(int warmup, CancellationToken cancellationToken)
    {
        const int perPair = 50;
        var pairs = _fleet.SenderPairs(warmup);
        var before = pairs.Sum(p => p.To.SignalsReceived);
        for (var i = 0; i < perPair; i++)
        {
            foreach (var pair in pairs)
            {
                await pair.From.SendAsync(pair.Writer.Write(i, Stopwatch.GetTimestamp()));
            }
        }

        var deadline = Deadline.After(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(2));
        while (pairs.Sum(p => p.To.SignalsReceived) - before < pairs.Count * perPair && !Deadline.HasPassed(deadline))
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private async Task ReportProgressAsync(long started, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Console.WriteLine($"  … {_fleet.Joined} joined after {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s, server RSS {Mb(_server.ReadRssBytes())}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal static string Mb(long? bytes) => bytes is { } b ? $"{b / 1024.0 / 1024.0:0.0} MB" : "n/a";
}
