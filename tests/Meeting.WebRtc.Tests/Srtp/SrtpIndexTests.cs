using Meeting.WebRtc.Srtp;

namespace Meeting.WebRtc.Tests.Srtp;

/// <summary>Index estimation, RFC 3711 §3.3.1 and Appendix A.</summary>
public sealed class SrtpIndexTests
{
    [Theory]
    [InlineData(0u, 100, 101, 0u)]          // in order
    [InlineData(0u, 100, 50, 0u)]           // late, same ROC
    [InlineData(5u, 65535, 0, 6u)]          // wrap: ROC + 1
    [InlineData(5u, 65000, 200, 6u)]        // s_l >= 2^15 and SEQ < s_l - 2^15: ROC + 1
    [InlineData(5u, 40000, 7232, 5u)]       // exactly s_l - 2^15: same ROC
    [InlineData(5u, 3, 65530, 4u)]          // s_l < 2^15 and SEQ - s_l > 2^15: ROC - 1 (late, from before the wrap)
    [InlineData(5u, 100, 32868, 5u)]        // exactly s_l + 2^15: same ROC
    public void Estimate_FollowsAppendixA(uint roc, int highest, int sequence, uint expectedRoc)
    {
        Assert.Equal(SrtpStatus.Ok, SrtpIndex.Estimate(roc, (ushort)highest, (ushort)sequence, out ulong index));
        Assert.Equal(((ulong)expectedRoc << 16) | (uint)sequence, index);
    }

    [Fact]
    public void Estimate_RocMinusOneAtRocZero_IsRefusedAsTooOld()
    {
        Assert.Equal(SrtpStatus.ReplayDetected, SrtpIndex.Estimate(0, 3, 65530, out _));
    }

    [Fact]
    public void Estimate_RocPlusOnePastTheLast_IsTheKeyLimit()
    {
        Assert.Equal(SrtpStatus.KeyLimitReached, SrtpIndex.Estimate(uint.MaxValue, 65535, 0, out _));
    }
}
