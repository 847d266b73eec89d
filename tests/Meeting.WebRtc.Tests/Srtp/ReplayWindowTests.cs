using Meeting.WebRtc.Srtp;

namespace Meeting.WebRtc.Tests.Srtp;

public sealed class ReplayWindowTests
{
    [Fact]
    public void Check_NeverChangesTheWindow()
    {
        var window = new ReplayWindow();
        Assert.Equal(SrtpStatus.Ok, window.Check(5, 128));
        Assert.Equal(SrtpStatus.Ok, window.Check(5, 128));
        Assert.True(window.IsEmpty);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(1000)]
    public void Accept_AfterAJumpAhead_RemembersWhatIsStillInsideTheWindow(int jump)
    {
        var window = new ReplayWindow();
        for (ulong i = 100; i < 110; i++)
        {
            window.Accept(i);
        }

        ulong top = 109 + (ulong)jump;
        window.Accept(top);

        Assert.Equal(top, window.Highest);
        for (ulong i = 100; i < 110; i++)
        {
            // Inside the window a seen index is a replay; outside it is too old: both are refused.
            Assert.Equal(SrtpStatus.ReplayDetected, window.Check(i, 128));
        }

        // Unseen indices between the old top and the new one are accepted exactly once.
        ulong gap = top - 1;
        if (gap > 109 && top - gap < 128)
        {
            Assert.Equal(SrtpStatus.Ok, window.Check(gap, 128));
            window.Accept(gap);
            Assert.Equal(SrtpStatus.ReplayDetected, window.Check(gap, 128));
        }
    }

    [Fact]
    public void Check_AtTheWindowEdge_UsesTheConfiguredSize()
    {
        var window = new ReplayWindow();
        window.Accept(200);

        Assert.Equal(SrtpStatus.Ok, window.Check(200 - 127, 128));
        Assert.Equal(SrtpStatus.ReplayDetected, window.Check(200 - 128, 128));
        Assert.Equal(SrtpStatus.Ok, window.Check(200 - 63, 64));
        Assert.Equal(SrtpStatus.ReplayDetected, window.Check(200 - 64, 64));
    }

    [Fact]
    public void Accept_EveryOffsetBehindTheTop_MarksThatSlotOnly()
    {
        for (int delta = 1; delta < 128; delta++)
        {
            var window = new ReplayWindow();
            window.Accept(1000);
            window.Accept(1000 - (ulong)delta);

            for (int other = 1; other < 128; other++)
            {
                SrtpStatus expected = other == delta ? SrtpStatus.ReplayDetected : SrtpStatus.Ok;
                Assert.Equal(expected, window.Check(1000 - (ulong)other, 128));
            }
        }
    }
}
