using Meeting.WebRtc.Rtcp;

namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>Waits that tell a test when media can flow. The server keys its SRTP on its own loop after the
/// client's handshake ends, so the first packets may arrive before it can forward them: a browser only
/// loses a few frames there, a test retries until one gets through, then asserts on what it sends next.</summary>
internal static class MediaFlow
{
    /// <summary>Sends video from <paramref name="from"/> until one of its packets reaches <paramref name="to"/>.</summary>
    public static async Task WarmUpAsync(TestPeer from, TestPeer to)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var sent = from.SendVideo();
            try
            {
                await to.Rtp.WaitAsync(p => p.Ssrc == sent.Ssrc && p.SequenceNumber == sent.SequenceNumber, 0, TimeSpan.FromMilliseconds(500));
                return;
            }
            catch (TimeoutException)
            {
                // Not yet keyed on one of the two transports: send another.
            }
        }

        throw new TimeoutException($"No video of {from.PeerId} reached {to.PeerId}.");
    }

    /// <summary>Sends video until the server's transport-wide feedback acknowledges one of the packets.</summary>
    public static async Task WarmUpFeedbackAsync(TestPeer publisher)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var sent = publisher.SendVideo();
            try
            {
                await publisher.Rtcp.WaitAsync(p => Acknowledged(p).Contains(sent.WideSequenceNumber), 0, TimeSpan.FromMilliseconds(500));
                return;
            }
            catch (TimeoutException)
            {
                // The server was not keyed yet: that packet was dropped before congestion control saw it.
            }
        }

        throw new TimeoutException($"No transport feedback reached {publisher.PeerId}.");
    }

    /// <summary>The transport-wide sequence numbers one RTCP packet reports as received (none if it is not
    /// transport feedback, RFC 8888's predecessor draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
    public static HashSet<ushort> Acknowledged(ReceivedRtcp packet)
    {
        if (!packet.IsTransportFeedback || !TransportFeedback.TryParse(packet.Packet, out var feedback))
        {
            return [];
        }

        return feedback.Entries.Where(e => e.Received).Select(e => e.SequenceNumber).ToHashSet();
    }

    /// <summary>Returns once everything the server sent <paramref name="peer"/> before now was received: the
    /// answer to an ICE check comes after it on the same path (the media loop sends in order).</summary>
    public static async Task SyncAsync(SfuHarness sfu, TestPeer peer)
    {
        await sfu.FlushAsync();
        await peer.CheckIceAsync();
    }
}
