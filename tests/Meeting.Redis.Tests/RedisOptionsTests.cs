namespace Meeting.Redis.Tests;

public sealed class RedisOptionsTests
{
    [Fact]
    public void WithClientName_CarriesEverySettingOver_AndSharesNoList()
    {
        var options = new RedisOptions
        {
            Sentinels = ["127.0.0.1:26379"],
            MasterName = "meeting",
            Password = "secret",
            ReplayLimit = 7,
            PublishSettleDelay = TimeSpan.FromMilliseconds(42),
            CommandTimeout = TimeSpan.FromSeconds(9),
        };

        var copy = options.WithClientName("gra-durable");
        copy.Sentinels.Add("127.0.0.1:26380");

        Assert.Equal("gra-durable", copy.ClientName);
        Assert.Null(options.ClientName);
        Assert.Equal(7, copy.ReplayLimit);
        Assert.Equal(TimeSpan.FromMilliseconds(42), copy.PublishSettleDelay);
        Assert.Equal(TimeSpan.FromSeconds(9), copy.CommandTimeout);
        Assert.Equal("secret", copy.Password);
        Assert.Equal(["127.0.0.1:26379"], options.Sentinels);
    }

    [Fact]
    public void DirectEndPoint_IsValid() => new RedisOptions { EndPoint = "127.0.0.1:6379" }.Validate();

    [Fact]
    public void SentinelsWithMasterName_AreValid() =>
        new RedisOptions { Sentinels = ["127.0.0.1:26379", "[::1]:26380"], MasterName = "meeting" }.Validate();

    [Fact]
    public void BothEndPointAndSentinels_AreRejected() =>
        Assert.Throws<ArgumentException>(() => new RedisOptions { EndPoint = "127.0.0.1:6379", Sentinels = ["127.0.0.1:26379"], MasterName = "m" }.Validate());

    [Fact]
    public void NeitherEndPointNorSentinels_IsRejected() => Assert.Throws<ArgumentException>(() => new RedisOptions().Validate());

    [Fact]
    public void SentinelsWithoutMasterName_AreRejected() =>
        Assert.Throws<ArgumentException>(() => new RedisOptions { Sentinels = ["127.0.0.1:26379"] }.Validate());

    [Fact]
    public void UserWithoutPassword_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new RedisOptions { EndPoint = "127.0.0.1:6379", User = "app" }.Validate());

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData(":6379")]
    public void MalformedEndPoint_IsRejected(string endPoint) =>
        Assert.Throws<ArgumentException>(() => new RedisOptions { EndPoint = endPoint }.Validate());

    [Theory]
    [InlineData("127.0.0.1:6379", "127.0.0.1", 6379)]
    [InlineData("redis.local:1", "redis.local", 1)]
    [InlineData("[::1]:26379", "::1", 26379)]
    public void EndPoint_ParsesHostAndPort(string text, string host, int port)
    {
        var endPoint = RedisEndPoint.Parse(text);

        Assert.Equal(new RedisEndPoint(host, port), endPoint);
        Assert.Equal(text, endPoint.ToString());
    }
}
