using Meeting.Sfu.Tests.Infrastructure;
using Meeting.Testing;
using Meeting.WebRtc.Rtcp;
using Meeting.WebRtc.Rtp;

namespace Meeting.Sfu.Tests;

public sealed class FeedbackTests
{
    private const string Room = "room-1";

    [Fact]
    public async Task Publisher_GetsTransportFeedback_AcknowledgingEverySequenceNumberItSent()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        await MediaFlow.WarmUpFeedbackAsync(alice);

        var mark = alice.Rtcp.Count;
        var wide = new HashSet<ushort>();
        for (var i = 0; i < 20; i++)
        {
            wide.Add((i % 2 == 0 ? alice.SendVideo() : alice.SendAudio()).WideSequenceNumber);
        }

        var acknowledged = new HashSet<ushort>();
        var scanned = mark;
        while (!wide.IsSubsetOf(acknowledged))
        {
            var feedback = await alice.Rtcp.WaitAsync(p => p.IsTransportFeedback, scanned);
            scanned = alice.Rtcp.Snapshot().ToList().IndexOf(feedback) + 1;
            Assert.True(TransportFeedback.TryParse(feedback.Packet, out var parsed));
            Assert.True(parsed.MediaSsrc == alice.AudioSsrc || parsed.MediaSsrc == alice.VideoSsrc);
            acknowledged.UnionWith(MediaFlow.Acknowledged(feedback));
        }

        Assert.Superset(wide, acknowledged);
    }

    [Fact]
    public async Task ViewerConsumerStart_SendsPublisherOnePli_ThenViewerPlisAreRelayedAtMostOncePerInterval()
    {
        // The keyframe request interval is time on the media loop: a manual clock makes "within 1 s" exact.
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var sfu = SfuHarness.Start(clock);
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);

        var bob = await sfu.JoinAsync(Room, "bob");
        var first = await alice.Rtcp.WaitAsync(p => IsPliFor(p, alice.VideoSsrc));
        Assert.True(PictureLossIndication.TryParse(first.Packet, out _));

        clock.Advance(TimeSpan.FromSeconds(2));
        await sfu.FlushAsync();
        var mark = alice.Rtcp.Count;
        var requests = sfu.Worker.Metrics.KeyFrameRequests;
        bob.SendPli(alice.VideoSsrc);
        bob.SendPli(alice.VideoSsrc);
        await alice.Rtcp.WaitAsync(p => IsPliFor(p, alice.VideoSsrc), mark);
        await MediaFlow.SyncAsync(sfu, alice);

        Assert.Single(alice.Rtcp.Snapshot(mark), p => IsPliFor(p, alice.VideoSsrc));
        Assert.Equal(requests + 1, sfu.Worker.Metrics.KeyFrameRequests);
        Assert.DoesNotContain(alice.Rtcp.Snapshot(), p => IsPliFor(p, alice.AudioSsrc));
    }

    [Fact]
    public async Task ConsumerAddedByRenegotiation_AsksForItsKeyframeWhenItsAnswerArrives_NotBefore()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var sfu = SfuHarness.Start(clock);
        var bob = await sfu.JoinAsync(Room, "bob");
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        await bob.TakeNextOfferAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        await sfu.FlushAsync();

        // Bob's browser has no receiver for Alice's video until it answers: a keyframe now would be lost.
        Assert.DoesNotContain(alice.Rtcp.Snapshot(), p => IsPliFor(p, alice.VideoSsrc));

        await bob.AnswerAsync();
        var pli = await alice.Rtcp.WaitAsync(p => IsPliFor(p, alice.VideoSsrc));

        Assert.True(PictureLossIndication.TryParse(pli.Packet, out _));
    }

    [Fact]
    public async Task StartingViewer_KeyframeRequestsAreRelayedAt100ms_ThenAtMostOncePerIntervalPastItsStartWindow()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var sfu = SfuHarness.Start(clock);
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        await alice.Rtcp.WaitAsync(p => IsPliFor(p, alice.VideoSsrc));

        // Bob's first keyframe did not decode: he asks again 200 ms later and is not made to wait 1 s.
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await sfu.FlushAsync();
        var mark = alice.Rtcp.Count;
        bob.SendPli(alice.VideoSsrc);
        await alice.Rtcp.WaitAsync(p => IsPliFor(p, alice.VideoSsrc), mark);

        // Past the start window the 1 s limit holds again.
        clock.Advance(TimeSpan.FromSeconds(5));
        await sfu.FlushAsync();
        mark = alice.Rtcp.Count;
        bob.SendPli(alice.VideoSsrc);
        await alice.Rtcp.WaitAsync(p => IsPliFor(p, alice.VideoSsrc), mark);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await sfu.FlushAsync();
        bob.SendPli(alice.VideoSsrc);
        await MediaFlow.SyncAsync(sfu, alice);

        Assert.Single(alice.Rtcp.Snapshot(mark), p => IsPliFor(p, alice.VideoSsrc));
    }

    [Fact]
    public async Task ViewerNack_IsAnsweredWithRtxCarryingTheOriginalSequenceNumber()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        await MediaFlow.WarmUpAsync(alice, bob);
        var sent = alice.SendVideo();
        await bob.Rtp.WaitAsync(p => p.Ssrc == alice.VideoSsrc && p.SequenceNumber == sent.SequenceNumber);
        var retransmissions = sfu.Worker.Metrics.Retransmissions;

        bob.SendNack(alice.VideoSsrc, sent.SequenceNumber);
        var rtx = await bob.Rtp.WaitAsync(p => p.Ssrc == alice.VideoRtxSsrc);

        Assert.Equal(TestPeer.VideoRtxPayloadType, rtx.PayloadType);
        var restored = new byte[rtx.Packet.Length];
        Assert.True(Rtx.TryUnwrap(rtx.Packet, restored, TestPeer.VideoPayloadType, alice.VideoSsrc, out var length));
        Assert.True(RtpHeader.TryParse(restored.AsSpan(0, length), out var original));
        Assert.Equal(sent.SequenceNumber, original.SequenceNumber);
        Assert.Equal(sent.Payload, restored.AsSpan(original.PayloadOffset, original.PayloadLength).ToArray());
        await sfu.FlushAsync();
        Assert.Equal(retransmissions + 1, sfu.Worker.Metrics.Retransmissions);
    }

    private static bool IsPliFor(ReceivedRtcp packet, uint ssrc) =>
        packet.IsPli && PictureLossIndication.TryParse(packet.Packet, out var pli) && pli.MediaSsrc == ssrc;
}
