using Meeting.Sfu.Tests.Infrastructure;
using Meeting.Testing;
using Meeting.WebRtc.Rtcp;
using Meeting.WebRtc.Sdp;

namespace Meeting.Sfu.Tests;

public sealed class LifecycleTests
{
    private const string Room = "room-1";

    [Fact]
    public async Task AnswerWithAnotherCertificatesFingerprint_FailsDtls_AndClosesTheTransport()
    {
        await using var sfu = SfuHarness.Start();
        var alice = sfu.CreatePeer(Room, "alice", publishAudio: true);
        await alice.CreateTransportAsync();
        var answer = alice.BuildAnswer();
        Assert.True(DtlsFingerprint.TryParse(BrowserCertificate.Generate().Fingerprint.ToSdpValue(), out var other));
        answer.Media.ForEach(m => m.Fingerprint = other);
        await alice.ApplyAnswerAsync(answer.ToString(), alice.Revision);
        await alice.CheckIceAsync();

        await Assert.ThrowsAnyAsync<Exception>(alice.ConnectDtlsAsync);
        var closed = (MediaTransportClosed)await sfu.Events.WaitAsync(e => e is MediaTransportClosed c && c.PeerId == "alice");

        Assert.Equal("dtls_failed", closed.Reason);
        Assert.Equal(alice.TransportId, closed.TransportId);
        Assert.Equal(new MediaCensus(0, 0, 0), sfu.Worker.Census);
    }

    [Fact]
    public async Task TransportWithoutConsent_ClosesAfterConsentTimeout()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var sfu = SfuHarness.Start(clock);
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true);
        var bob = await sfu.JoinAsync(Room, "bob");

        // Bob keeps his consent fresh (RFC 7675 §5.1); Alice goes silent.
        clock.Advance(TimeSpan.FromSeconds(20));
        await bob.CheckIceAsync();
        clock.Advance(TimeSpan.FromSeconds(11));
        var closed = (MediaTransportClosed)await sfu.Events.WaitAsync(e => e is MediaTransportClosed);
        await sfu.FlushAsync();

        Assert.Equal("alice", closed.PeerId);
        Assert.Equal("timeout", closed.Reason);
        Assert.DoesNotContain(sfu.Events.Snapshot(), e => e is MediaTransportClosed { PeerId: "bob" });
        Assert.Equal(1, sfu.Worker.Census.Transports);
    }

    [Fact]
    public async Task PublisherSenderReport_IsForwardedToViewerWithoutReportBlocks()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        await MediaFlow.WarmUpAsync(alice, bob);
        var report = new SenderReport
        {
            Ssrc = alice.VideoSsrc,
            NtpTimestamp = 0xE7A1_0000_8000_0000,
            RtpTimestamp = 123456,
            PacketCount = 42,
            OctetCount = 4200,
            ReportBlocks = [new ReportBlock(0x1111, 0, 0, 0, 0, 0, 0)],
        };
        var plain = new byte[report.GetSize()];
        report.WriteTo(plain);

        alice.SendRtcp(plain);
        var received = await bob.Rtcp.WaitAsync(p => p.PacketType == RtcpPacketType.SR);

        Assert.True(SenderReport.TryParse(received.Packet, out var forwarded));
        Assert.Equal(alice.VideoSsrc, forwarded.Ssrc);
        Assert.Equal(report.NtpTimestamp, forwarded.NtpTimestamp);
        Assert.Equal(report.RtpTimestamp, forwarded.RtpTimestamp);
        Assert.Empty(forwarded.ReportBlocks);
    }

    [Fact]
    public async Task PeersInAnotherRoom_GetNoConsumersAndNoMedia()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        var carol = await sfu.JoinAsync("room-2", "carol");
        await MediaFlow.WarmUpAsync(alice, bob);

        var marker = alice.SendAudio();
        await bob.Rtp.WaitAsync(p => p.Ssrc == alice.AudioSsrc && p.SequenceNumber == marker.SequenceNumber);
        await MediaFlow.SyncAsync(sfu, carol);

        Assert.Equal(["a0", "v0"], carol.Offer!.Media.Select(m => m.Mid));
        Assert.Empty(carol.Rtp.Snapshot());
        Assert.DoesNotContain(sfu.Events.Snapshot(), e => e.PeerId == "carol");
    }
}
