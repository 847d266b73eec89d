using Meeting.Sfu.Tests.Infrastructure;
using Meeting.WebRtc.Sdp;

namespace Meeting.Sfu.Tests;

public sealed class ForwardingTests
{
    private const string Room = "room-1";

    [Fact]
    public async Task Publisher_VideoAndAudio_ReachViewerWithSameSsrcSequenceAndPayload()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        await MediaFlow.WarmUpAsync(alice, bob);

        var sent = new List<SentRtp>();
        for (var i = 0; i < 10; i++)
        {
            sent.Add(alice.SendVideo());
            sent.Add(alice.SendAudio());
        }

        foreach (var packet in sent)
        {
            var received = await bob.Rtp.WaitAsync(p => p.Ssrc == packet.Ssrc && p.SequenceNumber == packet.SequenceNumber);
            Assert.Equal(packet.Payload, received.Payload);
            Assert.Equal(packet.Ssrc == alice.VideoSsrc ? TestPeer.VideoPayloadType : TestPeer.OpusPayloadType, received.PayloadType);
            Assert.Equal(packet.Plain, received.Packet);
        }

        Assert.Equal(0, bob.UnprotectFailures);
        Assert.DoesNotContain(bob.Rtp.Snapshot(), p => p.Ssrc != alice.VideoSsrc && p.Ssrc != alice.AudioSsrc);
    }

    [Fact]
    public async Task ViewerFirst_PublisherAnswer_SendsViewerOneOfferWithPublisherSsrcsAndMsid()
    {
        await using var sfu = SfuHarness.Start();
        var bob = await sfu.JoinAsync(Room, "bob");
        var alice = sfu.CreatePeer(Room, "alice", publishAudio: true, publishVideo: true);
        await alice.CreateTransportAsync();

        await alice.AnswerAsync();
        var offer = await bob.TakeNextOfferAsync();

        var media = bob.Offer!.Media;
        Assert.Equal(["a0", "v0", "c1", "c2"], media.Select(m => m.Mid));
        var audio = Assert.Single(media, m => m.Kind == MediaDescription.Audio && m.Direction == SdpDirection.SendOnly);
        Assert.Equal(alice.AudioSsrc, audio.PrimarySsrc);
        Assert.Equal(new SdpMsid("alice", "alice-audio"), audio.Msid);
        var video = Assert.Single(media, m => m.Kind == MediaDescription.Video && m.Direction == SdpDirection.SendOnly);
        Assert.Equal(alice.VideoSsrc, video.PrimarySsrc);
        Assert.Equal(alice.VideoRtxSsrc, video.RtxSsrcFor(alice.VideoSsrc));
        Assert.Equal(new SdpMsid("alice", "alice-video"), video.Msid);
        Assert.Equal(bob.TransportId, offer.TransportId);

        await bob.AnswerAsync();
        await alice.ConnectAsync();
        await MediaFlow.WarmUpAsync(alice, bob);
        var sentAudio = alice.SendAudio();
        var receivedAudio = await bob.Rtp.WaitAsync(p => p.Ssrc == alice.AudioSsrc && p.SequenceNumber == sentAudio.SequenceNumber);
        Assert.Equal(sentAudio.Payload, receivedAudio.Payload);
    }

    [Fact]
    public async Task MutedVideo_IsNotForwarded_UntilUnmuted()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        await MediaFlow.WarmUpAsync(alice, bob);

        Assert.True(await sfu.Worker.SetMutedAsync(Room, "alice", MediaKind.Video, true).WaitAsync(Bounds.Wait));
        var muted = Enumerable.Range(0, 5).Select(_ => alice.SendVideo()).ToArray();
        var marker = alice.SendAudio();
        await bob.Rtp.WaitAsync(p => p.Ssrc == alice.AudioSsrc && p.SequenceNumber == marker.SequenceNumber);
        await MediaFlow.SyncAsync(sfu, bob);

        Assert.DoesNotContain(bob.Rtp.Snapshot(), p => p.Ssrc == alice.VideoSsrc && muted.Any(m => m.SequenceNumber == p.SequenceNumber));
        Assert.Contains(new MediaMute("alice", MediaKind.Video), await sfu.Worker.GetMutesAsync(Room).WaitAsync(Bounds.Wait));

        Assert.True(await sfu.Worker.SetMutedAsync(Room, "alice", MediaKind.Video, false).WaitAsync(Bounds.Wait));
        var resumed = alice.SendVideo();
        var received = await bob.Rtp.WaitAsync(p => p.Ssrc == alice.VideoSsrc && p.SequenceNumber == resumed.SequenceNumber);
        Assert.Equal(resumed.Payload, received.Payload);
    }

    /// <summary>A burst the loop reads in one batch leaves in several send calls, not in one at the end:
    /// a copy waits in its send slot only for the few copies queued after it. The loop is held by a
    /// command while the burst queues at its socket, so the whole burst is one receive batch. Not timed.</summary>
    [Fact]
    public async Task Burst_ReadInOneBatch_LeavesInSendCallsOfAtMost32Datagrams()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        var carol = await sfu.JoinAsync(Room, "carol");
        await MediaFlow.WarmUpAsync(alice, bob);
        await MediaFlow.WarmUpAsync(alice, carol);

        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var held = sfu.Worker.RunOnLoopAsync(() =>
        {
            holding.Set();
            return release.Wait(Bounds.Wait);
        });
        Assert.True(holding.Wait(Bounds.Wait), "the media loop did not run the holding command");
        // 64 packets (one receive batch) to two viewers: 128 copies.
        var burst = Enumerable.Range(0, 64).Select(_ => alice.SendVideo()).ToArray();
        release.Set();
        Assert.True(await held.WaitAsync(Bounds.Wait));
        foreach (var viewer in new[] { bob, carol })
        {
            await viewer.Rtp.WaitAsync(p => p.Ssrc == alice.VideoSsrc && p.SequenceNumber == burst[^1].SequenceNumber);
        }

        Assert.All(burst, sent => Assert.Contains(carol.Rtp.Snapshot(), p => p.Ssrc == sent.Ssrc && p.SequenceNumber == sent.SequenceNumber));
        Assert.InRange(sfu.Worker.LargestSend, 1, 32);
    }
}
