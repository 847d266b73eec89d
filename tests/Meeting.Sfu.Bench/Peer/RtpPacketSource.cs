using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Meeting.Sfu.Bench.Measurement;
using Meeting.WebRtc.Srtp;

namespace Meeting.Sfu.Bench.Peer;

/// <summary>
/// The publisher's send loop: VP8-like RTP packets of payload type 96 with the transport-wide sequence
/// number in a one-byte header extension (id 3, RFC 8285 §4.2), sized so that each SRTP datagram is
/// <see cref="DatagramLength"/> bytes, the send time in the first payload bytes (nanoseconds on the clock of the kernel's receive stamps,
/// <see cref="KernelArrival"/>);
/// protected and sent on a connected socket, at a given rate or as fast as the thread can.
/// </summary>
internal sealed class RtpPacketSource
{
    public const int DatagramLength = 1200;
    public const byte VideoPayloadType = 96;
    public const byte TransportWideCcId = 3;

    /// <summary>12-byte header, 4-byte extension header, one 4-byte extension word.</summary>
    public const int StampOffset = 20;

    /// <summary>Well under SRTP's 2^15 window of index estimation.</summary>
    public const int MaxAhead = 8192;

    private readonly Socket _socket;
    private readonly SrtpSession _session;
    private readonly uint _ssrc;
    private readonly byte[] _buffer = new byte[2048];
    private readonly int _plainLength;
    private ushort _sequence;
    private ushort _wideSequence;
    private uint _timestamp;

    public RtpPacketSource(Socket socket, SrtpSession session, uint ssrc)
    {
        _socket = socket;
        _session = session;
        _ssrc = ssrc;
        _plainLength = DatagramLength - SrtpProfiles.GetRtpOverhead(session.Profile);
        _sequence = (ushort)Random.Shared.Next(ushort.MaxValue);
        _timestamp = (uint)Random.Shared.Next();
    }

    public long Sent { get; private set; }

    public long SendFailures { get; private set; }

    /// <summary>CPU time the <see cref="Run"/> loops took on their threads, summed over runs.</summary>
    public TimeSpan CpuTotal { get; private set; }

    /// <summary>Sends until <paramref name="duration"/> passed, <paramref name="maxPackets"/> went out or
    /// <paramref name="stop"/> is set; <paramref name="packetsPerSecond"/> 0 = unpaced. With
    /// <paramref name="serverReceived"/> (the SFU's datagram counter) the publisher never runs more than
    /// <see cref="MaxAhead"/> packets ahead of what the SFU took in: a longer run of packets lost at the
    /// SFU's socket (the media thread descheduled on a loaded box) would exceed SRTP's index estimation
    /// (RFC 3711 §3.3.1: 2^15), the SFU would guess the wrong rollover counter and drop every later packet.</summary>
    public void Run(TimeSpan duration, long maxPackets, int packetsPerSecond, CancellationToken stop, Func<long>? serverReceived = null)
    {
        var receivedStart = serverReceived?.Invoke() ?? 0;
        var cpuStart = ThreadCpu.Current();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long sent = 0;
        while (sent < maxPackets && !stop.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                break;
            }

            if (packetsPerSecond > 0)
            {
                var due = (long)((now - start) * (double)packetsPerSecond / Stopwatch.Frequency) + 1;
                if (sent >= due)
                {
                    Thread.Sleep(1);
                    continue;
                }
            }

            if (serverReceived is not null && sent - (serverReceived() - receivedStart) > MaxAhead)
            {
                Thread.Sleep(0);
                continue;
            }

            SendOne();
            sent++;
        }

        CpuTotal += ThreadCpu.Current() - cpuStart;
    }

    private void SendOne()
    {
        var packet = _buffer.AsSpan();
        packet[0] = 0x90; // V=2, X=1
        packet[1] = VideoPayloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], _sequence++);
        // A 30 fps frame every 10 packets, in the 90 kHz clock.
        if (_sequence % 10 == 0)
        {
            _timestamp += 3000;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], _ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(packet[12..], 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(packet[14..], 1);
        packet[16] = (TransportWideCcId << 4) | 1;
        BinaryPrimitives.WriteUInt16BigEndian(packet[17..], _wideSequence++);
        packet[19] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(packet[StampOffset..], KernelArrival.NowNanoseconds());
        if (_session.ProtectRtp(packet, _plainLength, out var length) != SrtpStatus.Ok)
        {
            SendFailures++;
            return;
        }

        try
        {
            _socket.Send(packet[..length]);
            Sent++;
        }
        catch (SocketException)
        {
            SendFailures++;
        }
    }
}
