using System.Diagnostics;
using Meeting.SignalR.Redis.Internal;
using Meeting.SignalR.Redis.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.SignalR.Redis.Tests;

/// <summary>What only the Redis backplane does: acknowledgement timeouts, surviving dropped connections, wiring.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisBackplaneTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(5);

    private readonly string _prefix = $"test-{Guid.NewGuid():N}";
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<(TestClient Client, HubLifetimeManager<TestHub> Server)> _connected = [];

    private BackplaneChannels Channels => new(_prefix, typeof(TestHub).FullName!);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (client, server) in _connected)
        {
            await server.OnDisconnectedAsync(client.Context).WaitAsync(TestTimeout);
            await client.DisposeAsync().AsTask().WaitAsync(TestTimeout);
        }

        foreach (var owned in _owned)
        {
            await owned.DisposeAsync().AsTask().WaitAsync(TestTimeout);
        }
    }

    [Fact]
    public async Task AddRedisBackplane_ReplacesSignalRsInMemoryManager()
    {
        var server = await StartServerAsync("first");

        var manager = Assert.IsType<RedisHubLifetimeManager<TestHub>>(server.Manager);
        Assert.Equal("first", manager.ServerId);
    }

    [Fact]
    public async Task AddToGroup_ForAConnectionNoServerHolds_FailsWithABackplaneTimeoutAfterTheAckTimeout()
    {
        var first = await StartServerAsync("first", TimeSpan.FromMilliseconds(300));
        await StartServerAsync("second", TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<BackplaneTimeoutException>(
            () => first.Manager.AddToGroupAsync("nobody", "room").WaitAsync(TestTimeout));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TestTimeout);
        Assert.IsAssignableFrom<IOException>(error);
        Assert.Contains("nobody", error.Message, StringComparison.Ordinal);
        Assert.Contains("room", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveFromGroup_ForAConnectionNoServerHolds_FailsWithABackplaneTimeout()
    {
        var first = await StartServerAsync("first", TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAsync<BackplaneTimeoutException>(
            () => first.Manager.RemoveFromGroupAsync("nobody", "room").WaitAsync(TestTimeout));
    }

    [Fact]
    public async Task AddToGroup_ForAConnectionOnTheOtherServer_IsAcknowledgedByThatServer()
    {
        var first = await StartServerAsync("first");
        var second = await StartServerAsync("second");
        var b = await ConnectAsync(second.Manager);

        // Succeeds only because "second" answered on first's acknowledgement channel: silence is a timeout.
        await first.Manager.AddToGroupAsync(b.ConnectionId, "room").WaitAsync(TestTimeout);
        await first.Manager.RemoveFromGroupAsync(b.ConnectionId, "room").WaitAsync(TestTimeout);

        Assert.Contains(":0", await redis.RunAsync($"PUBSUB NUMSUB {Channels.Group("room")}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentJoinsAndLeaves_FromBothServers_LeaveSubscriptionsMatchingTheMembers()
    {
        var first = await StartServerAsync("first");
        var second = await StartServerAsync("second");
        var clients = new List<TestClient>();
        for (var i = 0; i < 16; i++)
        {
            clients.Add(await ConnectAsync(i % 2 == 0 ? first.Manager : second.Manager));
        }

        // Every connection is added twice at once, once by each server: one of the two is always a remote change.
        await Task.WhenAll(clients.SelectMany(c => new[]
        {
            first.Manager.AddToGroupAsync(c.ConnectionId, "room"),
            second.Manager.AddToGroupAsync(c.ConnectionId, "room"),
        })).WaitAsync(TestTimeout);
        await first.Manager.SendGroupAsync("room", "Joined", []).WaitAsync(TestTimeout);
        foreach (var client in clients)
        {
            Assert.Equal("Joined", (await client.ReceiveAsync(TestTimeout)).Target);
        }

        Assert.Contains(":2", await redis.RunAsync($"PUBSUB NUMSUB {Channels.Group("room")}"), StringComparison.Ordinal);
        await Task.WhenAll(clients.Select((c, i) => (i % 3 == 0 ? first : second).Manager.RemoveFromGroupAsync(c.ConnectionId, "room"))).WaitAsync(TestTimeout);
        await first.Manager.SendGroupAsync("room", "Left", []).WaitAsync(TestTimeout);
        await second.Manager.SendGroupAsync("room", "Left", []).WaitAsync(TestTimeout);
        await first.Manager.SendAllAsync("End", []).WaitAsync(TestTimeout);

        // "End" from the first server comes after anything it sent before; the second's sends had no member to reach.
        foreach (var client in clients)
        {
            Assert.Equal("End", (await client.ReceiveAsync(TestTimeout)).Target);
        }

        Assert.Contains(":0", await redis.RunAsync($"PUBSUB NUMSUB {Channels.Group("room")}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_ReachEveryServerAgain_AfterRedisDropsTheirConnections()
    {
        var first = await StartServerAsync("first");
        var second = await StartServerAsync("second");
        var a = await ConnectAsync(first.Manager, "alice");
        var b = await ConnectAsync(second.Manager);
        await second.Manager.AddToGroupAsync(a.ConnectionId, "room").WaitAsync(TestTimeout);

        Assert.True(ParseInteger(await redis.RunAsync("CLIENT KILL TYPE pubsub")) >= 2, "both subscriber connections were killed");
        Assert.True(ParseInteger(await redis.RunAsync("CLIENT KILL TYPE normal")) >= 2, "both data connections were killed");
        await WaitUntilAsync(
            async () =>
            {
                // Both servers subscribe to "all"; only the first to the connection, user and group of a.
                var counts = await redis.RunAsync($"PUBSUB NUMSUB {Channels.All} {Channels.Connection(a.ConnectionId)} {Channels.User("alice")} {Channels.Group("room")}");
                return counts.Replace("\r\n", " ", StringComparison.Ordinal).Contains(":2 $", StringComparison.Ordinal)
                    && counts.Split("\r\n").Count(line => line == ":1") == 3;
            },
            "both subscribers to resubscribe");
        await WaitUntilAsync(
            () => Task.FromResult(first.Redis.GetStatus() is { Connected: true, Reconnects: > 0 } && second.Redis.GetStatus() is { Connected: true, Reconnects: > 0 }),
            "both data connections to come back");

        await second.Manager.SendAllAsync("All", []).WaitAsync(TestTimeout);
        await second.Manager.SendConnectionAsync(a.ConnectionId, "Connection", []).WaitAsync(TestTimeout);
        await second.Manager.SendUserAsync("alice", "User", []).WaitAsync(TestTimeout);
        await second.Manager.SendGroupAsync("room", "Group", []).WaitAsync(TestTimeout);
        await first.Manager.AddToGroupAsync(b.ConnectionId, "later").WaitAsync(TestTimeout);
        await first.Manager.SendGroupAsync("later", "Later", []).WaitAsync(TestTimeout);

        foreach (var expected in new[] { "All", "Connection", "User", "Group" })
        {
            Assert.Equal(expected, (await a.ReceiveAsync(TestTimeout)).Target);
        }

        Assert.Equal("All", (await b.ReceiveAsync(TestTimeout)).Target);
        Assert.Equal("Later", (await b.ReceiveAsync(TestTimeout)).Target);
    }

    [Fact]
    public async Task Servers_WithDifferentChannelPrefixes_DoNotHearEachOther()
    {
        var first = await StartServerAsync("first");
        var other = await BackplaneServer.StartAsync(redis.EndPoint, "other", o => o.ChannelPrefix = _prefix + "-other").WaitAsync(TestTimeout);
        _owned.Add(other);
        var a = await ConnectAsync(first.Manager);
        var b = await ConnectAsync(other.Manager);

        await other.Manager.SendAllAsync("Elsewhere", []).WaitAsync(TestTimeout);
        await first.Manager.SendAllAsync("Here", []).WaitAsync(TestTimeout);
        await other.Manager.SendAllAsync("ElsewhereAgain", []).WaitAsync(TestTimeout);

        // "Here" went to a directly; had the other server's sends reached a, the first of them would precede it.
        Assert.Equal("Here", (await a.ReceiveAsync(TestTimeout)).Target);
        Assert.Equal("Elsewhere", (await b.ReceiveAsync(TestTimeout)).Target);
        Assert.Equal("ElsewhereAgain", (await b.ReceiveAsync(TestTimeout)).Target);
    }

    [Fact]
    public async Task AMalformedMessageOnTheBus_IsDropped_AndLaterMessagesStillArrive()
    {
        var first = await StartServerAsync("first");
        var second = await StartServerAsync("second");
        var b = await ConnectAsync(second.Manager);

        Assert.StartsWith(":", await redis.RunAsync($"PUBLISH {Channels.All} garbage"), StringComparison.Ordinal);
        Assert.StartsWith(":", await redis.RunAsync($"PUBLISH {Channels.Connection(b.ConnectionId)} \"\""), StringComparison.Ordinal);
        Assert.StartsWith(":", await redis.RunAsync($"PUBLISH {Channels.GroupManagement} \"\\x01\\x02\\x09\""), StringComparison.Ordinal);
        await first.Manager.SendAllAsync("Hello", []).WaitAsync(TestTimeout);

        Assert.Equal("Hello", (await b.ReceiveAsync(TestTimeout)).Target);
    }

    private async Task<BackplaneServer> StartServerAsync(string serverId, TimeSpan? ackTimeout = null)
    {
        var server = await BackplaneServer.StartAsync(redis.EndPoint, serverId, o =>
        {
            o.ChannelPrefix = _prefix;
            o.AckTimeout = ackTimeout ?? TestTimeout;
        }).WaitAsync(TestTimeout);
        _owned.Add(server);
        return server;
    }

    private async Task<TestClient> ConnectAsync(HubLifetimeManager<TestHub> server, string? userId = null)
    {
        var client = new TestClient($"connection-{Guid.NewGuid():N}", userId);
        await server.OnConnectedAsync(client.Context).WaitAsync(TestTimeout);
        _connected.Add((client, server));
        return client;
    }

    private static long ParseInteger(string reply) =>
        reply.StartsWith(':') ? long.Parse(reply.AsSpan(1).TrimEnd("\r\n"), System.Globalization.CultureInfo.InvariantCulture) : throw new FormatException(reply);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition().WaitAsync(TestTimeout))
        {
            if (watch.Elapsed > TestTimeout)
            {
                throw new TimeoutException($"Waited {TestTimeout.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(20);
        }
    }
}
