using System.Threading.Channels;
using Meeting.Redis.Commands;
using Meeting.Redis.Tests.Fixtures;

namespace Meeting.Redis.Tests;

public sealed class RedisSubscriberTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RedisClient _client = null!;

    public async Task InitializeAsync() => _client = await RedisClient.ConnectAsync(fixture.Redis.Options()).Within();

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task PublishedMessage_ReachesTheHandler()
    {
        var channel = Channel();
        var received = System.Threading.Channels.Channel.CreateUnbounded<RedisMessage>();

        await using var subscription = await _client.Subscriber.SubscribeAsync(channel, m => received.Writer.TryWrite(m)).Within();
        var receivers = await _client.PublishAsync(channel, "hello").Within();

        var message = await received.Reader.ReadAsync().AsTask().Within();
        Assert.Equal(1, receivers);
        Assert.Equal(channel, message.Channel);
        Assert.Equal("hello", message.Text);
        Assert.Null(message.Pattern);
    }

    [Fact]
    public async Task PublishesWhileTheSubscriberReconnects_AreHeldInOrderUntilItIsBack()
    {
        // A slow reconnect, so that the test sees the subscriber gone.
        var options = fixture.Redis.Options();
        options.ReconnectMinDelay = TimeSpan.FromSeconds(1);
        options.ReconnectMaxDelay = TimeSpan.FromSeconds(2);
        await using var client = await RedisClient.ConnectAsync(options).Within();
        var channel = Channel();
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var subscription = await client.Subscriber.SubscribeAsync(channel, m => received.Writer.TryWrite(m.Text)).Within();
        await RedisProbe.QueryAsync(fixture.Redis.Address, StandaloneRedis.Password, new RedisCommand("CLIENT", "KILL", "TYPE", "pubsub")).Within();
        await RedisProbe.WaitUntilAsync("the subscriber to notice", TimeSpan.FromSeconds(5), () => Task.FromResult(!client.GetStatus().SubscriberConnected));

        // Sent without the gate these would reach a server with nobody subscribed, and vanish.
        var publishes = Enumerable.Range(0, 50).Select(i => client.PublishAsync(channel, i.ToString())).ToArray();
        var receivers = await Task.WhenAll(publishes).Within();

        var texts = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            texts.Add(await received.Reader.ReadAsync().AsTask().Within());
        }

        Assert.All(receivers, r => Assert.Equal(1, r));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString()), texts);
    }

    [Fact]
    public async Task Messages_ArriveInPublishOrder()
    {
        var channel = Channel();
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var subscription = await _client.Subscriber.SubscribeAsync(channel, m => received.Writer.TryWrite(m.Text)).Within();

        var publishes = Enumerable.Range(0, 500).Select(i => _client.PublishAsync(channel, i.ToString())).ToArray();
        await Task.WhenAll(publishes).Within();

        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(i.ToString(), await received.Reader.ReadAsync().AsTask().Within());
        }
    }

    [Fact]
    public async Task PatternSubscription_ReceivesMatchingChannels()
    {
        var prefix = Channel();
        var received = System.Threading.Channels.Channel.CreateUnbounded<RedisMessage>();
        await using var subscription = await _client.Subscriber.PatternSubscribeAsync($"{prefix}:*", m => received.Writer.TryWrite(m)).Within();

        await _client.PublishAsync($"{prefix}-other", "ignored").Within();
        await _client.PublishAsync($"{prefix}:room1", "matched").Within();

        var message = await received.Reader.ReadAsync().AsTask().Within();
        Assert.Equal($"{prefix}:room1", message.Channel);
        Assert.Equal($"{prefix}:*", message.Pattern);
        Assert.Equal("matched", message.Text);
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery()
    {
        var channel = Channel();
        var count = 0;
        await _client.Subscriber.SubscribeAsync(channel, _ => Interlocked.Increment(ref count)).Within();

        await _client.Subscriber.UnsubscribeAsync(channel).Within();

        Assert.Equal(0, await _client.PublishAsync(channel, "after").Within());
        Assert.Equal(0, Volatile.Read(ref count));
    }

    [Fact]
    public async Task DisposingOneOfTwoHandlers_KeepsTheOther()
    {
        var channel = Channel();
        var first = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var second = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var one = await _client.Subscriber.SubscribeAsync(channel, m => first.Writer.TryWrite(m.Text)).Within();
        await using var two = await _client.Subscriber.SubscribeAsync(channel, m => second.Writer.TryWrite(m.Text)).Within();

        await one.DisposeAsync();
        await _client.PublishAsync(channel, "x").Within();

        Assert.Equal("x", await second.Reader.ReadAsync().AsTask().Within());
        Assert.False(first.Reader.TryRead(out _));
    }

    [Fact]
    public async Task SubscriberKilledByServer_ResubscribesAndReceivesAgain()
    {
        var channel = Channel();
        var pattern = $"{Channel()}:*";
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var byChannel = await _client.Subscriber.SubscribeAsync(channel, m => received.Writer.TryWrite("c:" + m.Text)).Within();
        await using var byPattern = await _client.Subscriber.PatternSubscribeAsync(pattern, m => received.Writer.TryWrite("p:" + m.Text)).Within();

        var killed = (await _client.ExecuteAsync(new RedisCommand("CLIENT", "KILL", "TYPE", "pubsub")).Within()).AsInt64();
        Assert.True(killed >= 1);

        // Publishing before the resubscription lands reaches nobody; poll until both subscriptions are back.
        await RedisProbe.WaitUntilAsync("resubscription", TimeSpan.FromSeconds(10), async () =>
            await _client.PublishAsync(channel, "probe") == 1 && await _client.PublishAsync(pattern.Replace("*", "x"), "probe") == 1);
        await _client.PublishAsync(channel, "after").Within();
        await _client.PublishAsync(pattern.Replace("*", "y"), "after").Within();

        var seen = new List<string>();
        while (!seen.Contains("c:after") || !seen.Contains("p:after"))
        {
            seen.Add(await received.Reader.ReadAsync().AsTask().Within());
        }

        Assert.True(_client.Subscriber is RedisSubscriber { IsConnected: true });
    }

    private static string Channel() => $"chan:{Guid.NewGuid():N}";
}
