using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Meeting.Sfu.Bench.Hosting;
using Meeting.Sfu.Bench.Measurement;
using Meeting.Sfu.Bench.Peer;
using Meeting.WebRtc.Srtp;

namespace Meeting.Sfu.Bench.Phases;

/// <summary>
/// Added latency at light load (the publisher paced, ~2,000 packets/s): the publisher stamps the time
/// into the payload just before it protects and sends; each receiver reads the kernel's arrival stamp
/// on its socket (<see cref="KernelArrival"/>). The same sender and receiver code over one raw loopback
/// hop gives the figure to subtract, so what is left is the SFU's hop, wake-up, queueing and work.
/// Both ways the receivers wait as the throughput receivers do (quietly unless
/// <c>--waking-receivers</c>): their own scheduling is not in either figure. The raw receiver also
/// times when its thread, waiting on the socket, got to run: one thread's wake-up on this box, which
/// the SFU's path needs once (its media thread) and which says whether a 1 ms p99 is measurable here.
/// </summary>
internal static class LatencyPhase
{
    public static LatencyResult Run(SfuRoom room, BenchOptions options)
    {
        var duration = TimeSpan.FromSeconds(options.LatencySeconds);
        var capacity = (int)(options.LatencyPacketsPerSecond * options.LatencySeconds) + 1000;
        var sfu = room.Subscribers.Select(_ => new LatencyRecorder(capacity)).ToArray();
        var receivers = room.Subscribers.Select((s, i) => new PacketReceiver(s.Socket, s.Receive, 1, sfu[i], options.WakingReceivers)).ToArray();
        room.Drain();
        // Collections pause the media thread too: counted so a tail they cause is told from the box's.
        var collections = GC.CollectionCount(0);
        var paused = GC.GetTotalPauseDuration();
        RunOnce(room.Source, receivers, duration, options.LatencyPacketsPerSecond);
        collections = GC.CollectionCount(0) - collections;
        paused = GC.GetTotalPauseDuration() - paused;

        var raw = new LatencyRecorder(capacity);
        var wake = new LatencyRecorder(capacity);
        RunRaw(options, raw, wake, duration);
        return new LatencyResult(
            LatencyRecorder.Quantile(sfu, 0.50), LatencyRecorder.Quantile(sfu, 0.99),
            LatencyRecorder.Quantile([raw], 0.50), LatencyRecorder.Quantile([raw], 0.99),
            LatencyRecorder.Quantile([wake], 0.99),
            sfu.Sum(r => r.Count), raw.Count, collections, paused);
    }

    private static void RunRaw(BenchOptions options, LatencyRecorder recorder, LatencyRecorder wake, TimeSpan duration)
    {
        using var receiving = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
        receiving.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sending = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sending.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        sending.Connect(receiving.LocalEndPoint!);
        var key = RandomNumberGenerator.GetBytes(SrtpProfiles.GetMasterKeyLength(options.Profile));
        var salt = RandomNumberGenerator.GetBytes(SrtpProfiles.GetMasterSaltLength(options.Profile));
        using var protect = new SrtpSession(options.Profile, key, salt);
        using var unprotect = new SrtpSession(options.Profile, key, salt);
        // Waits on its socket whatever the option says, so that its thread's wake-up can be timed; one
        // receiver's wake-ups cost the sender a little, and the kernel's arrival stamp not at all.
        var receiver = new PacketReceiver(receiving, unprotect, 1, recorder, waking: true, wake);
        RunOnce(new RtpPacketSource(sending, protect, 0x2000_0000), [receiver], duration, options.LatencyPacketsPerSecond);
    }

    private static void RunOnce(RtpPacketSource source, PacketReceiver[] receivers, TimeSpan duration, int packetsPerSecond)
    {
        using var stop = new CancellationTokenSource();
        var threads = receivers.Select((r, i) => new Thread(() => r.Run(duration + TimeSpan.FromSeconds(10), stop.Token))
        {
            IsBackground = true,
            Name = $"latency-rx-{i}",
        }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        source.Run(duration, maxPackets: packetsPerSecond * (long)Math.Ceiling(duration.TotalSeconds), packetsPerSecond, stop.Token);
        Thread.Sleep(100);
        stop.Cancel();
        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
    }
}
