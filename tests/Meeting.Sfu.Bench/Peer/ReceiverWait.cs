using System.Diagnostics;
using System.Net.Sockets;

namespace Meeting.Sfu.Bench.Peer;

/// <summary>
/// How a bench receiver waits for its next datagram. Over loopback the sender's system call also runs
/// the receiver's side of the kernel, and when the receiver sleeps on the socket that includes waking
/// it — for every packet, on the sender's CPU clock (a quarter of the SFU's time in a profile, plus the
/// preemptions the wake-ups cause). A browser on another machine costs the SFU nothing of the kind, so
/// the throughput receivers, of the ceiling and of the SFU alike, poll quietly by default: they check
/// what is queued and sleep 1 ms when nothing is, never waiting on the socket itself.
/// The latency receivers wait the same way: they read the kernel's arrival stamp, so how long they
/// slept is not in the figure (before, they waited on the socket and took the time when their thread
/// ran, which put 8 wake-ups per packet, and the 8th receiver's wait for the 7 before it on a 2-core
/// box, into the SFU's figure and not into the raw hop's). <c>--waking-receivers</c> waits on the
/// socket instead, everywhere.
/// </summary>
internal static class ReceiverWait
{
    /// <summary>True once a datagram is queued; false after <paramref name="silence"/> without one.</summary>
    public static bool ForDatagram(Socket socket, TimeSpan silence, bool waking)
    {
        if (waking)
        {
            return socket.Poll((int)silence.TotalMicroseconds, SelectMode.SelectRead);
        }

        var end = Stopwatch.GetTimestamp() + (long)(silence.TotalSeconds * Stopwatch.Frequency);
        while (socket.Available == 0)
        {
            if (Stopwatch.GetTimestamp() >= end)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }
}
