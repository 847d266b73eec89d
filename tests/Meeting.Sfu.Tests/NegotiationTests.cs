using Meeting.Sfu.Tests.Infrastructure;
using Meeting.WebRtc.Sdp;

namespace Meeting.Sfu.Tests;

public sealed class NegotiationTests
{
    private const string Room = "room-1";

    public static TheoryData<string> SpoiledAnswers => ["garbage", "wrong-mids", "reordered-mids", "setup-passive", "no-fingerprint", "no-ice"];

    [Theory]
    [MemberData(nameof(SpoiledAnswers))]
    public async Task SpoiledAnswer_ThrowsInvalidSdp_AndACorrectAnswerStillConnects(string spoil)
    {
        await using var sfu = SfuHarness.Start();
        var alice = sfu.CreatePeer(Room, "alice", publishAudio: true, publishVideo: true);
        await alice.CreateTransportAsync();
        var answer = alice.BuildAnswer();
        switch (spoil)
        {
            case "wrong-mids":
                answer.Media[1].Mid = "v9";
                answer.Groups.Clear();
                answer.Groups.Add(new SdpGroup(SdpGroup.Bundle, answer.Media.Select(m => m.Mid!)));
                break;
            case "reordered-mids":
                (answer.Media[0], answer.Media[1]) = (answer.Media[1], answer.Media[0]);
                break;
            case "setup-passive":
                answer.Media.ForEach(m => m.Setup = DtlsSetup.Passive);
                break;
            case "no-fingerprint":
                answer.Media.ForEach(m => m.Fingerprint = null);
                break;
            case "no-ice":
                answer.Media.ForEach(m => (m.IceUfrag, m.IcePwd) = (null, null));
                break;
            default:
                break;
        }

        var sdp = spoil == "garbage" ? "v=0\r\nthis is no SDP\r\n" : answer.ToString();
        var failure = await Assert.ThrowsAsync<SfuException>(() => alice.ApplyAnswerAsync(sdp, alice.Revision));

        Assert.Equal(SfuErrorCodes.InvalidSdp, failure.Code);
        Assert.Equal(0, sfu.Worker.Census.Producers);
        await alice.AnswerAsync();
        await alice.ConnectAsync();
        await MediaFlow.WarmUpFeedbackAsync(alice);
        Assert.Equal(2, sfu.Worker.Census.Producers);
    }

    [Fact]
    public async Task AnswerToAnAlreadyAnsweredOrFutureRevision_ThrowsStaleAnswer()
    {
        await using var sfu = SfuHarness.Start();
        var alice = sfu.CreatePeer(Room, "alice", publishAudio: true);
        await alice.CreateTransportAsync();
        var sdp = alice.BuildAnswer().ToString();

        var future = await Assert.ThrowsAsync<SfuException>(() => alice.ApplyAnswerAsync(sdp, alice.Revision + 1));
        await alice.ApplyAnswerAsync(sdp, alice.Revision);
        var again = await Assert.ThrowsAsync<SfuException>(() => alice.ApplyAnswerAsync(sdp, alice.Revision));

        Assert.Equal(SfuErrorCodes.StaleAnswer, future.Code);
        Assert.Equal(SfuErrorCodes.StaleAnswer, again.Code);
        Assert.Equal(1, sfu.Worker.Census.Producers);
    }

    [Fact]
    public async Task OldAnswerResent_AfterANewerOffer_ThrowsStaleAnswer()
    {
        await using var sfu = SfuHarness.Start();
        var bob = sfu.CreatePeer(Room, "bob");
        await bob.CreateTransportAsync();
        var (firstAnswer, firstRevision) = (bob.BuildAnswer().ToString(), bob.Revision);
        await bob.ApplyAnswerAsync(firstAnswer, firstRevision);
        var alice = sfu.CreatePeer(Room, "alice", publishAudio: true, publishVideo: true);
        await alice.CreateTransportAsync();
        await alice.AnswerAsync();
        await bob.TakeNextOfferAsync();

        // A retry of the first answer (the browser's signalling reconnected): it answers an offer the new one replaced.
        var failure = await Assert.ThrowsAsync<SfuException>(() => bob.ApplyAnswerAsync(firstAnswer, firstRevision));

        Assert.Equal(SfuErrorCodes.StaleAnswer, failure.Code);
        await bob.AnswerAsync();
    }

    [Fact]
    public async Task AnswerForAnUnknownTransportOrRoom_ThrowsUnknownTransport()
    {
        await using var sfu = SfuHarness.Start();
        var alice = sfu.CreatePeer(Room, "alice", publishAudio: true);
        await alice.CreateTransportAsync();
        var sdp = alice.BuildAnswer().ToString();

        var wrongId = await Assert.ThrowsAsync<SfuException>(
            () => sfu.Worker.ApplyAnswerAsync(Room, "alice", Guid.NewGuid().ToString("N"), sdp, alice.Revision).WaitAsync(Bounds.Wait));
        var wrongPeer = await Assert.ThrowsAsync<SfuException>(
            () => sfu.Worker.ApplyAnswerAsync(Room, "mallory", alice.TransportId!, sdp, alice.Revision).WaitAsync(Bounds.Wait));
        var wrongRoom = await Assert.ThrowsAsync<SfuException>(
            () => sfu.Worker.ApplyAnswerAsync("room-2", "alice", alice.TransportId!, sdp, alice.Revision).WaitAsync(Bounds.Wait));

        Assert.All(new[] { wrongId, wrongPeer, wrongRoom }, e => Assert.Equal(SfuErrorCodes.UnknownTransport, e.Code));
        await alice.AnswerAsync();
    }

    [Fact]
    public async Task ClosingThePublisher_SendsViewerOneOfferWithItsMLinesInactive_AndLeavesOnlyTheViewer()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        await MediaFlow.WarmUpAsync(alice, bob);
        Assert.Equal(new MediaCensus(2, 2, 2), sfu.Worker.Census);

        await sfu.Worker.ClosePeerAsync(Room, "alice").WaitAsync(Bounds.Wait);
        await bob.TakeNextOfferAsync();

        var consumed = bob.Offer!.Media.Where(m => m.Mid is not ("a0" or "v0")).ToArray();
        Assert.Equal(2, consumed.Length);
        Assert.All(consumed, m => Assert.Equal(SdpDirection.Inactive, m.Direction));
        Assert.All(consumed, m => Assert.Empty(m.Ssrcs));
        Assert.Equal(new MediaCensus(1, 0, 0), sfu.Worker.Census);
        await bob.AnswerAsync();
    }
}
