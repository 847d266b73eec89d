using Meeting.Sfu.Tests.Infrastructure;

namespace Meeting.Sfu.Tests;

/// <summary>The forwarding path allocates nothing per packet: the media loop thread's own allocation
/// counter (read on that thread) barely moves while it forwards thousands of packets. Not timed.</summary>
public sealed class AllocationTests
{
    private const string Room = "room-1";
    private const int Packets = 3000;

    [Fact]
    public async Task Forwarding_ToTwoViewers_AllocatesNothingPerPacketOnTheMediaLoop()
    {
        await using var sfu = SfuHarness.Start();
        var alice = await sfu.JoinAsync(Room, "alice", publishAudio: true, publishVideo: true);
        var bob = await sfu.JoinAsync(Room, "bob");
        var carol = await sfu.JoinAsync(Room, "carol");
        await MediaFlow.WarmUpAsync(alice, bob);
        await MediaFlow.WarmUpAsync(alice, carol);
        // Every branch of the path has run (and been compiled) before the measured burst.
        await SendAsync(sfu, alice, 500);
        await sfu.FlushAsync();

        var allocatedBefore = sfu.Worker.LoopAllocatedBytes;
        var forwardedBefore = sfu.Worker.Metrics.RtpForwarded;
        await SendAsync(sfu, alice, Packets);
        // The counter is read at the end of each loop round: two more rounds cover the last packet's.
        await sfu.FlushAsync();
        var forwarded = sfu.Worker.Metrics.RtpForwarded - forwardedBefore;
        var allocated = sfu.Worker.LoopAllocatedBytes - allocatedBefore;

        Assert.True(forwarded >= Packets, $"only {forwarded} packets were forwarded");
        // The smallest object is 24 bytes: one per packet would be 24 x forwarded. What remains is the
        // loop's per-tick and per-command work (timers, the test's own flush commands).
        Assert.True(allocated < forwarded, $"the media loop allocated {allocated} bytes while forwarding {forwarded} packets");
    }

    /// <summary>Sends <paramref name="count"/> video packets in bounded bursts, each burst waited for on the
    /// server's forwarded counter (two viewers: two per packet), so no socket buffer overflows.</summary>
    private static async Task SendAsync(SfuHarness sfu, TestPeer publisher, int count)
    {
        var target = sfu.Worker.Metrics.RtpForwarded;
        for (var sent = 0; sent < count; sent += 50)
        {
            for (var i = 0; i < 50; i++)
            {
                publisher.SendVideo();
            }

            target += 100;
            var deadline = DateTime.UtcNow + Bounds.Wait;
            while (sfu.Worker.Metrics.RtpForwarded < target)
            {
                Assert.True(DateTime.UtcNow < deadline, $"forwarded {sfu.Worker.Metrics.RtpForwarded} of {target}");
                await Task.Delay(5);
            }
        }
    }
}
