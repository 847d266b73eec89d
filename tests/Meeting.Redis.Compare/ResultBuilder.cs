using Meeting.Redis.Compare.Measurement;

namespace Meeting.Redis.Compare;

/// <summary>Turns what the probes recorded into the figures of <see cref="DrillResult"/>.</summary>
internal static class ResultBuilder
{
    private const double MessageIntervalMs = 20;

    public static DrillResult Build(
        DrillKind drill,
        string stack,
        double faultMs,
        double settledMs,
        WriteProbe writes,
        bool[] lost,
        StallProbe stalls,
        MessageProbe messages,
        double receiverClosedMs,
        double longestLiveCallMs,
        double longestDeadCallMs,
        string notes)
    {
        var afterFault = Enumerable.Range(0, writes.Count).Where(i => writes.IssuedMs(i) >= faultMs && !double.IsNaN(writes.AckedMs(i))).ToArray();
        var lostWrites = Enumerable.Range(0, writes.Count).Where(i => lost[i]).ToArray();
        var (allSent, allLost, allRun) = Losses(messages, Channel.All, receiverClosedMs);
        var (groupSent, groupLost, groupRun) = Losses(messages, Channel.Group, receiverClosedMs);
        var lastLost = lostWrites.Length == 0 ? -1 : lostWrites[^1];
        var sendFailures = 0;
        var longestSend = 0.0;
        for (var n = 0; n < messages.Count; n++)
        {
            foreach (var channel in (ReadOnlySpan<Channel>)[Channel.All, Channel.Group])
            {
                sendFailures += messages.SendFailed(n, channel) ? 1 : 0;
                var duration = messages.SendDurationMs(n, channel);
                longestSend = Math.Max(longestSend, double.IsNaN(duration) ? double.PositiveInfinity : duration);
            }
        }

        return new DrillResult
        {
            Drill = drill,
            Stack = stack,
            SettledMs = settledMs,
            FirstAckMs = afterFault.Length == 0 ? double.NaN : afterFault.Min(i => writes.AckedMs(i)) - faultMs,
            FirstKeptAckMs = afterFault.Where(i => i > lastLost).Select(i => writes.AckedMs(i) - faultMs).DefaultIfEmpty(double.NaN).Min(),
            WritesIssued = writes.Count,
            WritesAcked = Enumerable.Range(0, writes.Count).Count(i => !double.IsNaN(writes.AckedMs(i))),
            WritesFailed = Enumerable.Range(0, writes.Count).Count(writes.Failed),
            WritesLost = lostWrites.Length,
            LastLostIssuedMs = lostWrites.Length == 0 ? double.NaN : writes.IssuedMs(lostWrites[^1]) - faultMs,
            LongestStallMs = stalls.LongestGapMs,
            AllSent = allSent,
            AllLost = allLost,
            AllLongestLossMs = allRun,
            GroupSent = groupSent,
            GroupLost = groupLost,
            GroupLongestLossMs = groupRun,
            SendFailures = sendFailures,
            LongestSendMs = longestSend,
            LongestGroupCallLiveMs = longestLiveCallMs,
            LongestGroupCallDeadMs = longestDeadCallMs,
            Notes = notes,
        };
    }

    /// <summary>
    /// Sent = completed without an exception; lost = sent and never received; the run is the longest stretch of
    /// consecutive sent messages that were all lost. Messages sent after the receiving client was disconnected are not
    /// counted: that loss is visible (the client knows it must reconnect).
    /// </summary>
    private static (int Sent, int Lost, double LongestRunMs) Losses(MessageProbe messages, Channel channel, double receiverClosedMs)
    {
        int sent = 0, lostCount = 0;
        double longest = 0, runStart = double.NaN;
        for (var n = 0; n < messages.Count; n++)
        {
            if (messages.SentMs(n) >= receiverClosedMs)
            {
                break;
            }

            if (messages.SendFailed(n, channel) || double.IsNaN(messages.SendDurationMs(n, channel)))
            {
                continue;
            }

            sent++;
            if (messages.Received(n, channel))
            {
                runStart = double.NaN;
                continue;
            }

            lostCount++;
            runStart = double.IsNaN(runStart) ? messages.SentMs(n) : runStart;
            longest = Math.Max(longest, messages.SentMs(n) - runStart + MessageIntervalMs);
        }

        return (sent, lostCount, longest);
    }
}
