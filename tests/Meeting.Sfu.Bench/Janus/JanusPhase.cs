using System.Diagnostics;
using Meeting.Sfu.Bench.Peer;

namespace Meeting.Sfu.Bench.Janus;

/// <summary>
/// The same room on Janus 1.1.2's VideoRoom, in the same run: one publisher (the same packet source as
/// the SFU's) fanned out to N subscribers (the same receivers), paced at the SFU's paced input rate so
/// both servers carry the same load, timed on the Janus process's CPU clock (every thread). Janus is
/// started here and killed by PID when the phase ends; anything that stops it is reported, not thrown.
/// </summary>
internal static class JanusPhase
{
    private const int VerifyEvery = 8;

    public static async Task<JanusResult> RunAsync(BenchOptions options, BrowserCertificate certificate, int packetsPerSecond, CancellationToken cancellationToken)
    {
        if (JanusProcess.Unavailable() is { } why)
        {
            return JanusResult.Skipped(why);
        }

        JanusProcess? janus = null;
        var peers = new List<JanusPeer>();
        try
        {
            janus = await JanusProcess.StartAsync(options.Duration * 2 + TimeSpan.FromSeconds(60), cancellationToken);
            using var session = new JanusSession(janus.ApiBase);
            await session.CreateAsync(cancellationToken);
            var publisher = await JanusPeer.PublishAsync(session, certificate, options.Profile, 0x3000_0000, cancellationToken);
            peers.Add(publisher);
            var subscribers = new List<JanusPeer>();
            for (var i = 0; i < options.Consumers; i++)
            {
                subscribers.Add(await JanusPeer.SubscribeAsync(session, publisher.FeedId, certificate, options.Profile, cancellationToken));
                peers.Add(subscribers[^1]);
            }

            var source = new RtpPacketSource(publisher.Socket, publisher.Send, 0x3000_0000);
            // Warm-up: Janus starts relaying once the subscriptions settle.
            Measure(janus, source, subscribers, TimeSpan.FromSeconds(options.Quick ? 0.5 : 1), packetsPerSecond, options.WakingReceivers);
            return Measure(janus, source, subscribers, options.Duration, packetsPerSecond, options.WakingReceivers);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var log = janus?.LogTail(4).ReplaceLineEndings(" | ");
            return JanusResult.Skipped($"{ex.GetType().Name}: {ex.Message}{(string.IsNullOrWhiteSpace(log) ? string.Empty : $" (janus log: {log})")}");
        }
        finally
        {
            foreach (var peer in peers)
            {
                peer.Dispose();
            }

            janus?.Dispose();
        }
    }

    private static JanusResult Measure(JanusProcess janus, RtpPacketSource source, List<JanusPeer> subscribers, TimeSpan duration, int packetsPerSecond, bool waking)
    {
        using var stop = new CancellationTokenSource();
        var receivers = subscribers.Select(s => new PacketReceiver(s.Socket, s.Receive, VerifyEvery, latency: null, waking)).ToArray();
        var threads = receivers.Select((r, i) => new Thread(() => r.Run(duration + TimeSpan.FromSeconds(10), stop.Token))
        {
            IsBackground = true,
            Name = $"janus-subscriber-{i}",
        }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        var sentBefore = source.Sent;
        var cpuBefore = janus.Cpu();
        var started = Stopwatch.GetTimestamp();
        var publisher = new Thread(() => source.Run(duration, maxPackets: 100_000_000, packetsPerSecond, stop.Token)) { IsBackground = true, Name = "janus-publisher" };
        publisher.Start();
        publisher.Join(duration + TimeSpan.FromSeconds(10));
        stop.Cancel();
        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(15));
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = janus.Cpu() - cpuBefore;
        return new JanusResult(null, source.Sent - sentBefore, receivers.Sum(r => r.Received), receivers.Sum(r => r.Verified), receivers.Sum(r => r.Failed),
            seconds, cpu, subscribers.Count);
    }
}
