using Meeting.Server.Hubs;
using Meeting.Testing;

namespace Meeting.Server.Tests.Hubs;

public sealed class TokenBucketTests
{
    [Fact]
    public void TryTake_AllowsTheBurstThenRefusesUntilTimePasses()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(time, perSecond: 2, capacity: 3);

        Assert.True(bucket.TryTake());
        Assert.True(bucket.TryTake());
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
    }

    [Fact]
    public void TryTake_NeverRefillsBeyondCapacity()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(time, perSecond: 100, capacity: 2);

        time.Advance(TimeSpan.FromHours(1));

        Assert.True(bucket.TryTake());
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
    }
}
