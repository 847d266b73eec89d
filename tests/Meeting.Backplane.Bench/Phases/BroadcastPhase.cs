using Meeting.Backplane.Bench.Clients;
using Meeting.Backplane.Bench.Measurement;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>
/// Phase 3: one room with peers on both servers; Chats at a fixed rate, round-robin over the members, each delivered
/// to the whole room (sender included): locally on the sender's server, through the backplane on the other.
/// </summary>
internal static class BroadcastPhase
{
    private const int MaxSamples = 5_000_000;

    public static async Task<BroadcastResult> RunAsync(IReadOnlyList<BenchPeer> room, int chatRate, PhaseTiming timing, CpuMeter cpu, CancellationToken abort)
    {
        var window = new MeasureWindow();
        var capacity = (int)Math.Min(MaxSamples, (chatRate * room.Count * timing.Duration.TotalSeconds * 1.2) + 1_000);
        var all = new LatencySamples(capacity);
        var same = new LatencySamples(capacity);
        var cross = new LatencySamples(capacity);
        var delivered = new ReceiveTally();
        var deliveredInWindow = new ReceiveTally();
        foreach (var peer in room)
        {
            var site = peer.Site.Index;
            peer.SetHandler(arrival =>
            {
                delivered.Add();
                if (!window.Contains(arrival.SentAt))
                {
                    return;
                }

                deliveredInWindow.Add();
                var latency = arrival.ReceivedAt - arrival.SentAt;
                all.Add(latency);
                (arrival.FromSite == site ? same : cross).Add(latency);
            });
        }

        try
        {
            var maxChats = (long)(chatRate * timing.SendingTime.TotalSeconds * 1.1) + 10;
            using var stop = new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, abort);
            stop.CancelAfter(timing.SendingTime);
            var pacer = Task.Run(() => Pacer.RunAsync(chatRate, room.Count, i => room[i].SendChatAsync(abort), maxChats, linked.Token), CancellationToken.None);

            await Task.Delay(timing.Warmup, abort);
            window.Open();
            var before = cpu.Take();
            await Task.Delay(timing.Duration, abort);
            window.Close();
            var after = cpu.Take();

            var pacing = await pacer.WaitAsync(timing.SendingTime + PhaseTiming.StopTimeout, abort);
            await Drain.UntilAsync(() => delivered.Count, pacing.Sent * room.Count, abort);
            return new BroadcastResult(
                room.Count(p => p.Site.Index == 0),
                room.Count(p => p.Site.Index != 0),
                chatRate,
                pacing,
                window.Length,
                deliveredInWindow.Count,
                delivered.Count,
                all.Summarize(),
                same.Summarize(),
                cross.Summarize(),
                CpuMeter.Between(before, after));
        }
        finally
        {
            foreach (var peer in room)
            {
                peer.SetHandler(null);
            }
        }
    }
}
