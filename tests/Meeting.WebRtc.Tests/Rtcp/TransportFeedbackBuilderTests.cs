using Meeting.WebRtc.Rtcp;

namespace Meeting.WebRtc.Tests.Rtcp;

public sealed class TransportFeedbackBuilderTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static TransportFeedback Build(TransportFeedbackBuilder builder, int bufferSize = 1200)
    {
        var buffer = new byte[bufferSize];
        var length = builder.BuildFeedback(buffer, 0x11, 0x22);
        Assert.InRange(length, 1, bufferSize);
        Assert.Equal(0, length % 4);
        Assert.True(TransportFeedback.TryParse(buffer.AsSpan(0, length), out var feedback));
        Assert.Equal((0x11u, 0x22u), (feedback.SenderSsrc, feedback.MediaSsrc));
        return feedback;
    }

    [Fact]
    public void Gaps_AndReordering_AreReportedWithSequenceOrderDeltas()
    {
        var builder = new TransportFeedbackBuilder();
        builder.OnPacket(10, Ms(1000));
        builder.OnPacket(11, Ms(1001));
        builder.OnPacket(13, Ms(1003));
        builder.OnPacket(12, Ms(1004)); // reordered: arrives after 13
        builder.OnPacket(15, Ms(1010)); // 14 lost

        var feedback = Build(builder);
        Assert.Equal(10, feedback.BaseSequenceNumber);
        Assert.Equal(15, feedback.ReferenceTime); // floor(1000 / 64) = 15 → 960 ms
        Assert.Equal(
            [
                new TransportFeedbackEntry(10, true, 160), // 1000 - 960 ms = 40 ms
                new TransportFeedbackEntry(11, true, 4),
                new TransportFeedbackEntry(12, true, 12), // 1004 - 1001 ms
                new TransportFeedbackEntry(13, true, -4), // 1003 - 1004 ms: negative, large symbol
                new TransportFeedbackEntry(14, false, 0),
                new TransportFeedbackEntry(15, true, 28),
            ],
            feedback.Entries);
        Assert.False(builder.HasPending);
        Assert.Equal(0, builder.BuildFeedback(new byte[1200], 0x11, 0x22));
    }

    [Fact]
    public void NothingReceived_BuildsNothing() =>
        Assert.Equal(0, new TransportFeedbackBuilder().BuildFeedback(new byte[1200], 1, 2));

    [Fact]
    public void SequenceWrap_IsContinuous_AndTheFeedbackCountIncrements()
    {
        var builder = new TransportFeedbackBuilder();
        builder.OnPacket(65533, Ms(0));
        builder.OnPacket(65534, Ms(1));
        var first = Build(builder);
        builder.OnPacket(65535, Ms(2));
        builder.OnPacket(1, Ms(3));
        builder.OnPacket(0, Ms(4));
        var second = Build(builder);

        Assert.Equal((ushort)65533, first.BaseSequenceNumber);
        Assert.Equal(2, first.Entries.Count);
        Assert.Equal((ushort)65535, second.BaseSequenceNumber);
        Assert.Equal(new ushort[] { 65535, 0, 1 }, second.Entries.Select(e => e.SequenceNumber));
        Assert.All(second.Entries, e => Assert.True(e.Received));
        Assert.Equal(new[] { 8, 8, -4 }, second.Entries.Select(e => e.Delta)); // 2 ms from 0 ms ref, 0 after 1, 1 after 0
        Assert.Equal((byte)(first.FeedbackPacketCount + 1), second.FeedbackPacketCount);
    }

    [Fact]
    public void LossesSinceLastFeedback_LeadTheNext()
    {
        var builder = new TransportFeedbackBuilder();
        builder.OnPacket(0, Ms(0));
        Build(builder);
        builder.OnPacket(1000, Ms(100));
        var feedback = Build(builder);
        Assert.Equal(1, feedback.BaseSequenceNumber);
        Assert.Equal(1000, feedback.Entries.Count);
        Assert.All(feedback.Entries.Take(999), e => Assert.False(e.Received));
        Assert.True(feedback.Entries[999].Received);
    }

    [Fact]
    public void GapLargerThanCapacity_StartsAtTheNewPacket()
    {
        var builder = new TransportFeedbackBuilder(capacity: 1024);
        builder.OnPacket(0, Ms(0));
        Build(builder);
        builder.OnPacket(5000, Ms(100));
        var feedback = Build(builder);
        Assert.Equal(5000, feedback.BaseSequenceNumber);
        Assert.Equal([new TransportFeedbackEntry(5000, true, 144)], feedback.Entries); // 100 - 64 ms
    }

    [Fact]
    public void LatePacketAlreadyReportedLost_IsIgnored()
    {
        var builder = new TransportFeedbackBuilder();
        builder.OnPacket(0, Ms(0));
        builder.OnPacket(2, Ms(1));
        Assert.False(Build(builder).Entries[1].Received);
        builder.OnPacket(1, Ms(2));
        Assert.False(builder.HasPending);
        Assert.Equal(0, builder.BuildFeedback(new byte[1200], 1, 2));
    }

    [Fact]
    public void DeltaTooLargeForSixteenBits_StartsANewFeedback()
    {
        var builder = new TransportFeedbackBuilder();
        builder.OnPacket(0, Ms(0));
        builder.OnPacket(1, Ms(10_000)); // 40000 × 250 µs > 32767
        builder.OnPacket(2, Ms(10_001));

        var first = Build(builder);
        Assert.Equal([new TransportFeedbackEntry(0, true, 0)], first.Entries);
        Assert.True(builder.HasPending);
        var second = Build(builder);
        Assert.Equal(1, second.BaseSequenceNumber);
        Assert.Equal(156, second.ReferenceTime); // floor(10000 / 64)
        Assert.Equal([new TransportFeedbackEntry(1, true, 64), new TransportFeedbackEntry(2, true, 4)], second.Entries);
    }

    [Fact]
    public void SmallBuffer_SplitsIntoSeveralFeedbacksCoveringEverySequenceOnce()
    {
        var builder = new TransportFeedbackBuilder();
        for (var i = 0; i < 500; i++)
        {
            builder.OnPacket((ushort)i, Ms(i * 1.5));
        }

        var seen = new List<ushort>();
        while (builder.HasPending)
        {
            var feedback = Build(builder, bufferSize: 100);
            seen.AddRange(feedback.Entries.Select(e => e.SequenceNumber));
            Assert.All(feedback.Entries, e => Assert.True(e.Received));
        }

        Assert.Equal(Enumerable.Range(0, 500).Select(i => (ushort)i), seen);
    }

    [Fact]
    public void RandomTraffic_EveryReportedArrivalMatchesWhatWasFed()
    {
        var random = new Random(3550);
        var builder = new TransportFeedbackBuilder();
        var arrivals = new Dictionary<long, long>(); // unwrapped sequence → arrival in 250 µs units
        var reported = new HashSet<long>();
        long sequence = 65_000;
        var time = 1_000_000.0;
        long lastReportedEnd = long.MinValue;
        for (var round = 0; round < 200; round++)
        {
            var pending = new List<long>();
            for (var i = 0; i < random.Next(1, 60); i++)
            {
                sequence += random.Next(10) == 0 ? random.Next(2, 6) : 1;
                pending.Add(sequence);
            }

            // Mild reordering within the batch.
            for (var i = 1; i < pending.Count; i++)
            {
                if (random.Next(5) == 0)
                {
                    (pending[i], pending[i - 1]) = (pending[i - 1], pending[i]);
                }
            }

            foreach (var s in pending)
            {
                time += random.NextDouble() * 3;
                builder.OnPacket((ushort)s, Ms(time));
                arrivals[s] = (long)Math.Floor(Ms(time).Ticks / 2500.0);
            }

            while (builder.HasPending)
            {
                var feedback = Build(builder);
                var clock = feedback.ReferenceTime * 256L;
                var baseUnwrapped = sequence - (ushort)(sequence - feedback.BaseSequenceNumber);
                Assert.True(baseUnwrapped >= lastReportedEnd);
                for (var i = 0; i < feedback.Entries.Count; i++)
                {
                    var entry = feedback.Entries[i];
                    var s = baseUnwrapped + i;
                    Assert.True(reported.Add(s));
                    if (entry.Received)
                    {
                        clock += entry.Delta;
                        Assert.Equal(arrivals[s], clock);
                    }
                    else
                    {
                        Assert.False(arrivals.ContainsKey(s));
                    }
                }

                lastReportedEnd = baseUnwrapped + feedback.Entries.Count;
            }
        }

        Assert.True(reported.Count > 1000);
        Assert.Superset(arrivals.Keys.ToHashSet(), reported.Where(arrivals.ContainsKey).ToHashSet());
        Assert.Equal(arrivals.Count, reported.Count(arrivals.ContainsKey));
    }

    [Fact]
    public void SteadyState_AllocatesNothing()
    {
        var builder = new TransportFeedbackBuilder();
        var buffer = new byte[1200];
        long total = 0;
        Feed(builder, buffer, 0, 1000, ref total); // warm-up

        var before = GC.GetAllocatedBytesForCurrentThread();
        Feed(builder, buffer, 1000, 10_000, ref total);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    private static void Feed(TransportFeedbackBuilder builder, byte[] buffer, int from, int count, ref long total)
    {
        for (var i = from; i < from + count; i++)
        {
            if (i % 7 != 3)
            {
                builder.OnPacket((ushort)i, TimeSpan.FromTicks(i * 12_345L));
            }

            if (i % 50 == 49)
            {
                total += builder.BuildFeedback(buffer, 1, 2);
            }
        }
    }
}
