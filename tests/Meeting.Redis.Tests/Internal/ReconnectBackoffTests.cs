using Meeting.Redis.Internal;

namespace Meeting.Redis.Tests.Internal;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(3, 800)]
    public void Delay_LiesBetweenHalfAndAllOfTheExponentialStep(int attempt, double ceilingMs)
    {
        var backoff = new ReconnectBackoff(Min, Max, new Random(1));

        for (var i = 0; i < 100; i++)
        {
            Assert.InRange(backoff.GetDelay(attempt).TotalMilliseconds, ceilingMs / 2, ceilingMs);
        }
    }

    [Fact]
    public void Delay_IsCapped_EvenAfterManyAttempts()
    {
        var backoff = new ReconnectBackoff(Min, Max, new Random(2));

        Assert.All(new[] { 5, 10, 31, 1000, int.MaxValue }, attempt => Assert.InRange(backoff.GetDelay(attempt), Max / 2, Max));
    }

    [Fact]
    public void Delay_IsJittered()
    {
        var backoff = new ReconnectBackoff(Min, Max, new Random(3));

        var delays = Enumerable.Range(0, 20).Select(_ => backoff.GetDelay(4)).Distinct().Count();

        Assert.True(delays > 10);
    }
}
