using Meeting.WebRtc.Rtcp;

namespace Meeting.WebRtc.Tests.Rtcp;

/// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1 on hand-built packets (the
/// draft has no example; see <see cref="RtcpTestPackets.TransportFeedback"/>).</summary>
public sealed class TransportFeedbackTests
{
    [Fact]
    public void Parse_HandBuiltTwoBitVector_ReadsEveryStatusAndDelta()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.TransportFeedback);
        Assert.True(TransportFeedback.TryParse(bytes, out var feedback));
        Assert.Equal((1u, 2u, (ushort)100, 16, (byte)3), (feedback.SenderSsrc, feedback.MediaSsrc, feedback.BaseSequenceNumber, feedback.ReferenceTime, feedback.FeedbackPacketCount));
        Assert.Equal(TimeSpan.FromMilliseconds(1024), feedback.ReferenceTimeSpan);
        Assert.Equal(
            [
                new TransportFeedbackEntry(100, true, 4),
                new TransportFeedbackEntry(101, false, 0),
                new TransportFeedbackEntry(102, true, 8),
                new TransportFeedbackEntry(103, true, -4),
                new TransportFeedbackEntry(104, true, 255),
            ],
            feedback.Entries);
        Assert.Equal(TimeSpan.FromMilliseconds(-1), feedback.Entries[3].DeltaTime);
        Assert.Equal(bytes, Rfc3550Tests.Write(feedback.GetSize(), feedback.WriteTo));
    }

    [Fact]
    public void Parse_HandBuiltRunLengthAndOneBitVector_AcrossWrap()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.TransportFeedbackWrap);
        Assert.True(TransportFeedback.TryParse(bytes, out var feedback));
        Assert.Equal(-1, feedback.ReferenceTime);
        Assert.Equal(20, feedback.Entries.Count);
        for (var i = 0; i < 15; i++)
        {
            Assert.Equal(new TransportFeedbackEntry((ushort)(65534 + i), true, 1), feedback.Entries[i]);
        }

        Assert.Equal(
            [
                new TransportFeedbackEntry(13, false, 0),
                new TransportFeedbackEntry(14, true, 2),
                new TransportFeedbackEntry(15, false, 0),
                new TransportFeedbackEntry(16, false, 0),
                new TransportFeedbackEntry(17, true, 3),
            ],
            feedback.Entries.Skip(15));
        Assert.Equal(bytes, Rfc3550Tests.Write(feedback.GetSize(), feedback.WriteTo));
    }

    [Fact]
    public void TryReadEntries_FillsCallerSpan()
    {
        var bytes = RtcpTestPackets.Hex(RtcpTestPackets.TransportFeedback);
        Span<TransportFeedbackEntry> entries = stackalloc TransportFeedbackEntry[8];
        Assert.True(TransportFeedback.TryReadEntries(bytes, entries, out var count));
        Assert.Equal(5, count);
        Assert.Equal(new TransportFeedbackEntry(103, true, -4), entries[3]);
        Assert.False(TransportFeedback.TryReadEntries(bytes, entries[..4], out _));
    }

    [Fact]
    public void Parse_ReservedSymbol_ReturnsFalse()
    {
        // The 2-bit vector's first symbol is 11 (reserved).
        Assert.False(TransportFeedback.TryParse(RtcpTestPackets.Hex("8F CD 0005 00000001 00000002 0064 0001 000010 03 F000 0000"), out _));
    }

    [Fact]
    public void Parse_DeltasMissing_ReturnsFalse()
    {
        // Run of 5 small-delta statuses but only 2 delta bytes.
        Assert.False(TransportFeedback.TryParse(RtcpTestPackets.Hex("8F CD 0005 00000001 00000002 0064 0005 000010 03 2005 0101"), out _));
    }

    [Fact]
    public void Write_LongRunsAndMixedSymbols_RoundTrip()
    {
        var entries = new List<TransportFeedbackEntry>();
        var random = new Random(15);
        for (var i = 0; i < 20_000; i++)
        {
            var sequence = (ushort)(60_000 + i);
            var kind = (i / 500) % 4 == 0 ? 0 : random.Next(4);
            entries.Add(kind switch
            {
                0 => new TransportFeedbackEntry(sequence, false, 0),
                1 => new TransportFeedbackEntry(sequence, true, random.Next(256)),
                2 => new TransportFeedbackEntry(sequence, true, random.Next(short.MinValue, short.MaxValue + 1)),
                _ => new TransportFeedbackEntry(sequence, true, 1),
            });
        }

        var feedback = new TransportFeedback { SenderSsrc = 1, MediaSsrc = 2, BaseSequenceNumber = 60_000, ReferenceTime = -5, Entries = entries };
        Assert.True(TransportFeedback.TryParse(Rfc3550Tests.Write(feedback.GetSize(), feedback.WriteTo), out var parsed));
        Assert.Equal(-5, parsed.ReferenceTime);
        Assert.Equal(entries, parsed.Entries);
    }

    [Fact]
    public void Write_DeltaBeyond16Bits_Throws()
    {
        var feedback = new TransportFeedback { Entries = [new TransportFeedbackEntry(0, true, 40_000)] };
        Assert.Throws<InvalidOperationException>(() => feedback.GetSize());
    }
}
