using System.Net;
using System.Net.Sockets;
using Meeting.Sfu.Tests.Infrastructure;
using Meeting.WebRtc.Stun;

namespace Meeting.Sfu.Tests;

public sealed class SecurityTests
{
    private const string Room = "room-1";

    [Fact]
    public async Task SrtpWithForgedTag_FromVerifiedAddress_IsDroppedCountedAndNotForwarded()
    {
        await using var sfu = SfuHarness.Start();
        var (alice, bob) = await PublisherAndViewerAsync(sfu);
        var dropped = sfu.Worker.Metrics.DroppedBy(DropCause.SrtpAuthentication);
        var forwarded = sfu.Worker.Metrics.RtpForwarded;

        var (plain, _) = alice.Video.Next(new byte[500], TestPeer.TransportWideCcId, 60000);
        var forged = alice.ProtectRtp(plain);
        forged[^1] ^= 0x5A;
        alice.SendRaw(forged);
        var marker = alice.SendAudio();
        await bob.Rtp.WaitAsync(p => p.Ssrc == alice.AudioSsrc && p.SequenceNumber == marker.SequenceNumber);
        await sfu.FlushAsync();

        Assert.Equal(dropped + 1, sfu.Worker.Metrics.DroppedBy(DropCause.SrtpAuthentication));
        Assert.Equal(forwarded + 1, sfu.Worker.Metrics.RtpForwarded);
        Assert.DoesNotContain(bob.Rtp.Snapshot(), p => p.Ssrc == alice.VideoSsrc && p.Payload.All(b => b == 0));
    }

    [Fact]
    public async Task ReplayedSrtp_IsDroppedAsReplay_AndForwardedOnce()
    {
        await using var sfu = SfuHarness.Start();
        var (alice, bob) = await PublisherAndViewerAsync(sfu);
        var sent = alice.SendVideo();
        await bob.Rtp.WaitAsync(p => p.Ssrc == alice.VideoSsrc && p.SequenceNumber == sent.SequenceNumber);
        var replays = sfu.Worker.Metrics.DroppedBy(DropCause.Replay);

        alice.SendRaw(sent.Protected);
        alice.SendRaw(sent.Protected);
        var marker = alice.SendAudio();
        await bob.Rtp.WaitAsync(p => p.Ssrc == alice.AudioSsrc && p.SequenceNumber == marker.SequenceNumber);
        await sfu.FlushAsync();

        Assert.Equal(replays + 2, sfu.Worker.Metrics.DroppedBy(DropCause.Replay));
        Assert.Single(bob.Rtp.Snapshot(), p => p.Ssrc == alice.VideoSsrc && p.SequenceNumber == sent.SequenceNumber);
    }

    [Fact]
    public async Task DtlsAndSrtp_FromAnAddressThatNeverPassedAStunCheck_AreDropped()
    {
        await using var sfu = SfuHarness.Start();
        var (alice, bob) = await PublisherAndViewerAsync(sfu);
        var unverified = sfu.Worker.Metrics.DroppedBy(DropCause.AddressNotVerified);
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        // A valid packet of Alice's, sent from another port: its keys are right, its address is not.
        var (plain, stolen) = alice.Video.Next(new byte[300], TestPeer.TransportWideCcId, 61000);
        stranger.SendTo(alice.ProtectRtp(plain), alice.ServerEndPoint);
        byte[] clientHello = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
        stranger.SendTo(clientHello, alice.ServerEndPoint);
        byte[] rtcp = [0x80, 200, 0, 6, .. new byte[24]];
        stranger.SendTo(rtcp, alice.ServerEndPoint);
        var marker = alice.SendAudio();
        await bob.Rtp.WaitAsync(p => p.Ssrc == alice.AudioSsrc && p.SequenceNumber == marker.SequenceNumber);
        await sfu.FlushAsync();

        Assert.Equal(unverified + 3, sfu.Worker.Metrics.DroppedBy(DropCause.AddressNotVerified));
        Assert.DoesNotContain(bob.Rtp.Snapshot(), p => p.Ssrc == alice.VideoSsrc && p.SequenceNumber == stolen.SequenceNumber);
    }

    [Fact]
    public async Task StunCheckWithWrongPassword_GetsNoAnswer_AndIsCounted()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var failures = sfu.Worker.Metrics.DroppedBy(DropCause.IceAuthentication);

        var forged = alice.BuildBindingRequest(StunTransactionId.NewRandom(), $"{alice.ServerIce.UsernameFragment}:{alice.LocalIce.UsernameFragment}",
            "not-the-servers-password-at-all", out var id);
        alice.SendRaw(forged);
        await MediaFlow.SyncAsync(sfu, alice);

        Assert.DoesNotContain(alice.Stun.Snapshot(), m => m.TransactionId == id);
        Assert.Equal(failures + 1, sfu.Worker.Metrics.DroppedBy(DropCause.IceAuthentication));
    }

    [Fact]
    public async Task StunCheckWithUnknownUsername_GetsNoAnswer_AndIsCounted()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var unknown = sfu.Worker.Metrics.DroppedBy(DropCause.UnknownIceUsername);

        var request = alice.BuildBindingRequest(StunTransactionId.NewRandom(), $"nosuchufrag:{alice.LocalIce.UsernameFragment}",
            alice.ServerIce.Password, out var id);
        alice.SendRaw(request);
        await MediaFlow.SyncAsync(sfu, alice);

        Assert.DoesNotContain(alice.Stun.Snapshot(), m => m.TransactionId == id);
        Assert.Equal(unknown + 1, sfu.Worker.Metrics.DroppedBy(DropCause.UnknownIceUsername));
    }

    [Fact]
    public async Task GarbageDatagrams_FromVerifiedAndStrangeAddresses_NeverStopTheLoop()
    {
        await using var sfu = SfuHarness.Start();
        var (alice, bob) = await PublisherAndViewerAsync(sfu);
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(7983);
        var check = alice.BuildBindingRequest(StunTransactionId.NewRandom(), $"{alice.ServerIce.UsernameFragment}:{alice.LocalIce.UsernameFragment}",
            alice.ServerIce.Password, out _);
        List<byte[]> garbage =
        [
            check[..10],
            check[..(check.Length - 9)],
            [.. check[..20], .. new byte[4]],
            new byte[1],
            new byte[2100],
            new byte[4000],
            [0x00, 0x01, 0x7F, 0xFF, 0x21, 0x12, 0xA4, 0x42, .. new byte[2200]],
            [0x80, 111, .. new byte[2300]],
            [0x80, 200, 0xFF, 0xFF, .. new byte[40]],
            [0x16, 0xFE, 0xFD, .. new byte[2500]],
        ];
        for (var i = 0; i < 200; i++)
        {
            var datagram = new byte[random.Next(1, 1500)];
            random.NextBytes(datagram);
            garbage.Add(datagram);
        }

        foreach (var datagram in garbage)
        {
            alice.SendRaw(datagram);
            stranger.SendTo(datagram, alice.ServerEndPoint);
        }

        var after = alice.SendVideo();
        var received = await bob.Rtp.WaitAsync(p => p.Ssrc == alice.VideoSsrc && p.SequenceNumber == after.SequenceNumber);
        Assert.Equal(after.Payload, received.Payload);
        await alice.CheckIceAsync();
        Assert.True(sfu.Worker.Metrics.DroppedBy(DropCause.Malformed) + sfu.Worker.Metrics.DroppedBy(DropCause.SrtpAuthentication) > 0);
    }

    private static async Task<(TestPeer Alice, TestPeer Bob)> PublisherAndViewerAsync(SfuHarness sfu)
    {
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        await MediaFlow.WarmUpAsync(alice, bob);
        return (alice, bob);
    }
}
