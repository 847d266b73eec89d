using Meeting.Sfu.Bench.Peer;
using Meeting.WebRtc.Srtp;

namespace Meeting.Sfu.Bench.Hosting;

/// <summary>One room on the worker: a publisher (joined first, so every subscriber's first offer already
/// carries its video) and its subscribers, all connected through ICE, DTLS and SRTP.</summary>
internal sealed class SfuRoom : IDisposable
{
    private SfuRoom(BenchPeer publisher, IReadOnlyList<BenchPeer> subscribers)
    {
        Publisher = publisher;
        Subscribers = subscribers;
        Source = new RtpPacketSource(publisher.Socket, publisher.Send, publisher.VideoSsrc!.Value);
    }

    /// <summary>The publisher's one packet source: its sequence numbers run on from phase to phase, as
    /// SRTP's index estimation (RFC 3711 §3.3.1) and the replay window expect.</summary>
    public RtpPacketSource Source { get; }

    public BenchPeer Publisher { get; }

    public IReadOnlyList<BenchPeer> Subscribers { get; }

    public static async Task<SfuRoom> OpenAsync(MediaWorker worker, string room, BrowserCertificate certificate, SrtpProfile profile,
        int subscribers, CancellationToken cancellationToken)
    {
        var publisher = await BenchPeer.ConnectAsync(worker, room, "publisher", certificate, profile, 0x1000_0000, cancellationToken);
        var peers = new List<BenchPeer>();
        for (var i = 0; i < subscribers; i++)
        {
            peers.Add(await BenchPeer.ConnectAsync(worker, room, $"subscriber-{i}", certificate, profile, null, cancellationToken));
        }

        return new SfuRoom(publisher, peers);
    }

    /// <summary>Empties the subscribers' sockets of what an earlier phase left queued, after the SFU's own
    /// queue drained, so that each phase counts only its own packets.</summary>
    public void Drain()
    {
        Thread.Sleep(300);
        var buffer = new byte[2048];
        foreach (var peer in Subscribers)
        {
            for (var i = 0; i < 1_000_000 && peer.Socket.Available > 0; i++)
            {
                peer.Socket.Receive(buffer);
            }
        }
    }

    public void Dispose()
    {
        Publisher.Dispose();
        foreach (var peer in Subscribers)
        {
            peer.Dispose();
        }
    }
}
