using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Meeting.Sfu.Bench.Measurement;
using Meeting.WebRtc.Demux;
using Meeting.WebRtc.Srtp;

namespace Meeting.Sfu.Bench.Peer;

/// <summary>
/// A subscriber's receive loop on its own thread: counts the SRTP packets of the video stream,
/// unprotects every <c>verifyEvery</c>-th (each one with a latency recorder), and with a recorder
/// times the kernel's arrival stamp on this socket − the publisher's stamp (<see cref="KernelArrival"/>:
/// when this thread got to run does not count; <c>threadLatency</c>, when given, records that moment
/// instead). RTCP from the server is skipped.
/// </summary>
internal sealed class PacketReceiver(Socket socket, SrtpSession session, int verifyEvery, LatencyRecorder? latency, bool waking, LatencyRecorder? threadLatency = null)
{
    private static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(200);

    private readonly byte[] _buffer = new byte[2048];

    public long Received { get; private set; }

    public long Verified { get; private set; }

    public long Failed { get; private set; }

    public TimeSpan Cpu { get; private set; }

    /// <summary>Receives until <paramref name="stop"/> is set, then for up to 200 ms of silence, bounded
    /// by <paramref name="limit"/>.</summary>
    public void Run(TimeSpan limit, CancellationToken stop)
    {
        var cpuStart = ThreadCpu.Current();
        using var arrival = latency is null ? null : new KernelArrival(socket);
        var end = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            if (!ReceiverWait.ForDatagram(socket, Silence, waking))
            {
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                continue;
            }

            int length;
            long arrived = 0;
            long atThread = 0;
            if (arrival is not null)
            {
                length = arrival.Receive(_buffer, out arrived);
                if (length < 0)
                {
                    continue;
                }

                atThread = KernelArrival.NowNanoseconds();
            }
            else
            {
                try
                {
                    length = socket.Receive(_buffer);
                }
                catch (SocketException)
                {
                    continue;
                }
            }

            if (PacketClassifier.Classify(_buffer.AsSpan(0, length)) != PacketKind.Rtp)
            {
                continue;
            }

            Received++;
            if (latency is null && Received % verifyEvery != 0)
            {
                continue;
            }

            if (session.UnprotectRtp(_buffer, length, out _) != SrtpStatus.Ok)
            {
                Failed++;
                continue;
            }

            Verified++;
            if (arrived != 0)
            {
                var sent = BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan(RtpPacketSource.StampOffset));
                latency?.Add(arrived - sent);
                threadLatency?.Add(atThread - sent);
            }
        }

        Cpu = ThreadCpu.Current() - cpuStart;
    }
}
