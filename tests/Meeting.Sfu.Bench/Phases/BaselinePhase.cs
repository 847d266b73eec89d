using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Meeting.Sfu.Bench.Measurement;
using Meeting.Sfu.Bench.Peer;
using Meeting.WebRtc.Srtp;

namespace Meeting.Sfu.Bench.Phases;

/// <summary>
/// The ceiling: (1) one thread sending 1200-byte datagrams round-robin from one socket to N receiving
/// sockets, each drained by a thread of its own — CPU per send on the sender's thread, per receive on
/// the receivers'; (2) SRTP protect (with the copy the SFU makes) and unprotect of a 1200-byte packet,
/// for AEAD_AES_128_GCM and AES_CM_128_HMAC_SHA1_80, timed on one thread's CPU clock.
/// </summary>
internal static class BaselinePhase
{
    public static BaselineResult Run(BenchOptions options)
    {
        var (send, receive, wall) = MeasureUdp(options.Consumers, options.Duration, options.WakingReceivers);
        var srtp = new Dictionary<SrtpProfile, (double, double)>
        {
            [SrtpProfile.AeadAes128Gcm] = MeasureSrtp(SrtpProfile.AeadAes128Gcm, SrtpBudget(options)),
            [SrtpProfile.Aes128CmHmacSha1_80] = MeasureSrtp(SrtpProfile.Aes128CmHmacSha1_80, SrtpBudget(options)),
        };
        return new BaselineResult(send, receive, wall, srtp);
    }

    /// <summary>CPU time per SRTP loop: enough for a stable figure; the loop also stops at 5 × that in wall
    /// time, since a busy box gives this thread only part of a core.</summary>
    private static TimeSpan SrtpBudget(BenchOptions options) => TimeSpan.FromSeconds(Math.Min(1, options.Seconds / 4));

    private static (double Send, double Receive, double Wall) MeasureUdp(int receivers, TimeSpan duration, bool waking)
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 4 * 1024 * 1024 };
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sockets = Enumerable.Range(0, receivers).Select(_ =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return s;
        }).ToArray();
        try
        {
            var targets = sockets.Select(s => s.LocalEndPoint!.Serialize()).ToArray();
            using var stop = new CancellationTokenSource();
            var counts = new long[receivers];
            var cpu = new TimeSpan[receivers];
            var threads = sockets.Select((socket, i) => new Thread(() =>
            {
                var start = ThreadCpu.Current();
                var buffer = new byte[2048];
                var end = Environment.TickCount64 + (long)duration.TotalMilliseconds + 5_000;
                while (Environment.TickCount64 < end)
                {
                    if (ReceiverWait.ForDatagram(socket, TimeSpan.FromMilliseconds(200), waking))
                    {
                        socket.Receive(buffer);
                        counts[i]++;
                    }
                    else if (stop.IsCancellationRequested)
                    {
                        break;
                    }
                }

                cpu[i] = ThreadCpu.Current() - start;
            }) { IsBackground = true, Name = $"udp-receiver-{i}" }).ToArray();
            foreach (var thread in threads)
            {
                thread.Start();
            }

            var datagram = new byte[RtpPacketSource.DatagramLength];
            RandomNumberGenerator.Fill(datagram);
            long sent = 0;
            var sendCpuStart = ThreadCpu.Current();
            var started = Stopwatch.GetTimestamp();
            var until = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                for (var i = 0; i < targets.Length; i++)
                {
                    sender.SendTo(datagram, SocketFlags.None, targets[i]);
                }

                sent += targets.Length;
            }

            var sendCpu = ThreadCpu.Current() - sendCpuStart;
            var wall = Stopwatch.GetElapsedTime(started);
            stop.Cancel();
            foreach (var thread in threads)
            {
                thread.Join(TimeSpan.FromSeconds(10));
            }

            var received = counts.Sum();
            var receiveCpu = cpu.Aggregate(TimeSpan.Zero, (a, b) => a + b);
            return (sendCpu.TotalMicroseconds / sent, receiveCpu.TotalMicroseconds / Math.Max(1, received), sent / wall.TotalSeconds);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static (double Protect, double Unprotect) MeasureSrtp(SrtpProfile profile, TimeSpan duration)
    {
        var key = RandomNumberGenerator.GetBytes(SrtpProfiles.GetMasterKeyLength(profile));
        var salt = RandomNumberGenerator.GetBytes(SrtpProfiles.GetMasterSaltLength(profile));
        using var protectOnly = new SrtpSession(profile, key, salt);
        using var sender = new SrtpSession(profile, key, salt);
        using var receiver = new SrtpSession(profile, key, salt);
        var plainLength = RtpPacketSource.DatagramLength - SrtpProfiles.GetRtpOverhead(profile);
        var template = new byte[plainLength];
        RandomNumberGenerator.Fill(template);
        template[0] = 0x80;
        template[1] = RtpPacketSource.VideoPayloadType;
        var buffer = new byte[2048];

        // Protect alone (with the copy into the send buffer the SFU makes for every consumer).
        var protectCount = 0L;
        var start = ThreadCpu.Current();
        var budget = duration.TotalSeconds;
        var wallLimit = Environment.TickCount64 + (long)(5 * duration.TotalMilliseconds);
        while ((ThreadCpu.Current() - start).TotalSeconds < budget && protectCount < 50_000_000 && Environment.TickCount64 < wallLimit)
        {
            for (var i = 0; i < 1000; i++)
            {
                template.CopyTo(buffer, 0);
                SetSequence(buffer, protectCount++);
                protectOnly.ProtectRtp(buffer, plainLength, out _);
            }
        }

        var protect = (ThreadCpu.Current() - start).TotalMicroseconds / protectCount;

        // Protect then unprotect: the difference is the unprotect.
        var pairs = 0L;
        start = ThreadCpu.Current();
        wallLimit = Environment.TickCount64 + (long)(5 * duration.TotalMilliseconds);
        while ((ThreadCpu.Current() - start).TotalSeconds < budget && pairs < 50_000_000 && Environment.TickCount64 < wallLimit)
        {
            for (var i = 0; i < 1000; i++)
            {
                template.CopyTo(buffer, 0);
                SetSequence(buffer, pairs++);
                sender.ProtectRtp(buffer, plainLength, out var protectedLength);
                if (receiver.UnprotectRtp(buffer, protectedLength, out _) != SrtpStatus.Ok)
                {
                    throw new InvalidOperationException($"{profile}: a packet protected here did not unprotect");
                }
            }
        }

        var both = (ThreadCpu.Current() - start).TotalMicroseconds / pairs;
        return (protect, Math.Max(0, both - protect));
    }

    private static void SetSequence(byte[] packet, long count)
    {
        packet[2] = (byte)(count >> 8);
        packet[3] = (byte)count;
    }
}
