using System.Diagnostics;
using Meeting.Sfu.Bench.Peer;
using Meeting.WebRtc.Srtp;

namespace Meeting.Sfu.Bench.Phases;

/// <summary>
/// Memory per transport: a room with one connected publisher, then <c>M</c> subscriber transports
/// connected through ICE, DTLS and SRTP. Each bench peer then frees its own SRTP and DTLS state and keeps
/// only its socket, so what the process grew by is the server's (plus one client socket per transport).
/// </summary>
internal static class MemoryPhase
{
    public static async Task<MemoryResult> RunAsync(MediaWorker worker, BrowserCertificate certificate, SrtpProfile profile, int transports, CancellationToken cancellationToken)
    {
        const string room = "memory";
        using var publisher = await BenchPeer.ConnectAsync(worker, room, "publisher", certificate, profile, 0x3000_0000, cancellationToken);
        var (managedBefore, workingBefore, threadsBefore) = Snapshot();
        var peers = new List<BenchPeer>(transports);
        try
        {
            for (var i = 0; i < transports; i++)
            {
                var peer = await BenchPeer.ConnectAsync(worker, room, $"member-{i}", certificate, profile, null, cancellationToken);
                peer.DropCrypto();
                peers.Add(peer);
            }

            // The last handshakes' server threads settle into their post-handshake wait.
            await Task.Delay(500, cancellationToken);
            var (managedAfter, workingAfter, threadsAfter) = Snapshot();
            return new MemoryResult(transports,
                (managedAfter - managedBefore) / (double)transports,
                (workingAfter - workingBefore) / (double)transports,
                (threadsAfter - threadsBefore) / (double)transports);
        }
        finally
        {
            await worker.CloseRouterAsync(room, cancellationToken);
            foreach (var peer in peers)
            {
                peer.Socket.Dispose();
            }
        }
    }

    private static (long Managed, long WorkingSet, int Threads) Snapshot()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (managed, process.WorkingSet64, process.Threads.Count);
    }
}
