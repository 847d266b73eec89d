using System.Diagnostics;
using Meeting.Sfu.Bench.Hosting;
using Meeting.Sfu.Bench.Measurement;
using Meeting.Sfu.Bench.Peer;

namespace Meeting.Sfu.Bench.Phases;

/// <summary>
/// Throughput: the publisher sends 1200-byte SRTP video packets as fast as its thread can for the
/// run's duration; each subscriber receives on its own socket and thread (unprotecting every 8th packet
/// to prove the SFU's protect is real). The SFU's work is timed on its media loop thread's CPU clock.
/// </summary>
internal static class ForwardingPhase
{
    public const string MediaThreadName = "meeting-media";
    private const int VerifyEvery = 8;

    public static ForwardingResult Run(MediaWorker worker, SfuRoom room, TimeSpan duration, bool wakingReceivers, int packetsPerSecond = 0)
    {
        room.Drain();
        using var stop = new CancellationTokenSource();
        var receivers = room.Subscribers.Select(s => new PacketReceiver(s.Socket, s.Receive, VerifyEvery, latency: null, wakingReceivers)).ToArray();
        var threads = receivers.Select((r, i) => new Thread(() => r.Run(duration + TimeSpan.FromSeconds(10), stop.Token))
        {
            IsBackground = true,
            Name = $"subscriber-{i}",
        }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        var source = room.Source;
        var sentBefore = source.Sent;
        var sourceCpuBefore = source.CpuTotal;
        using var process = Process.GetCurrentProcess();
        var forwardedBefore = worker.Metrics.RtpForwarded;
        var mediaBefore = ThreadCpu.OfThreadNamed(MediaThreadName) ?? TimeSpan.Zero;
        var processBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var publisher = new Thread(() => source.Run(duration, maxPackets: 100_000_000, packetsPerSecond, stop.Token, () => worker.Metrics.PacketsReceived))
        {
            IsBackground = true,
            Name = "publisher",
        };
        publisher.Start();
        publisher.Join(duration + TimeSpan.FromSeconds(10));
        // The receivers stop after 200 ms of silence: the SFU has drained its socket queue by then, so
        // its counters cover every packet the receivers counted.
        stop.Cancel();
        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(15));
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var forwarded = worker.Metrics.RtpForwarded - forwardedBefore;
        var mediaCpu = (ThreadCpu.OfThreadNamed(MediaThreadName) ?? TimeSpan.Zero) - mediaBefore;

        process.Refresh();
        var processCpu = process.TotalProcessorTime - processBefore;
        var clientCpu = receivers.Aggregate(source.CpuTotal - sourceCpuBefore, (sum, r) => sum + r.Cpu);
        return new ForwardingResult(source.Sent - sentBefore, forwarded, receivers.Sum(r => r.Received), receivers.Sum(r => r.Verified),
            receivers.Sum(r => r.Failed), seconds, mediaCpu, processCpu, clientCpu, room.Subscribers.Count);
    }
}
