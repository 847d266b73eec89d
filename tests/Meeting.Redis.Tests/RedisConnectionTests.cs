using Meeting.Redis.Commands;
using Meeting.Redis.Tests.Fixtures;

namespace Meeting.Redis.Tests;

public sealed class RedisConnectionTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    private StandaloneRedis Redis => fixture.Redis;

    [Fact]
    public async Task ManyConcurrentCallers_EachGetTheirOwnReplies()
    {
        await using var client = await RedisClient.ConnectAsync(Redis.Options()).Within();
        var prefix = Guid.NewGuid().ToString("N");

        var callers = Enumerable.Range(0, 50).Select(caller => Task.Run(async () =>
        {
            var key = $"{prefix}:counter:{caller}";
            for (var i = 1; i <= 200; i++)
            {
                Assert.Equal(i, await client.IncrementAsync(key));
                Assert.Equal(i.ToString(), await client.GetAsync(key));
            }
        }));

        await Task.WhenAll(callers).Within(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task CommandsIssuedWithoutAwaiting_ArePipelinedAndRepliedInOrder()
    {
        await using var client = await RedisClient.ConnectAsync(Redis.Options()).Within();
        var key = $"pipeline:{Guid.NewGuid():N}";

        var increments = Enumerable.Range(0, 10_000).Select(_ => client.IncrementAsync(key)).ToArray();
        var results = await Task.WhenAll(increments).Within();

        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), results);
    }

    [Fact]
    public async Task TimedOutCommand_FailsWithTimeout_AndLaterRepliesStayMatched()
    {
        await using var client = await RedisClient.ConnectAsync(Redis.Options(commandTimeout: TimeSpan.FromMilliseconds(500))).Within();
        var key = $"timeout:{Guid.NewGuid():N}";
        await client.SetAsync(key, "before").Within();
        var connectionId = (await client.ExecuteAsync(new RedisCommand("CLIENT", "ID")).Within()).AsInt64();

        // The reply comes 700 ms after the timeout (slack for a slow thread pool on a 2-core machine) and before the
        // connection would count as stalled (2 timeouts past the deadline), so the same connection must swallow it.
        var slow = client.ExecuteAsync(new RedisCommand("DEBUG", "SLEEP", "1.2"));
        var queuedBehind = client.GetAsync(key);

        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => slow).Within();
        Assert.Contains("DEBUG", timeout.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RedisTimeoutException>(() => queuedBehind).Within();

        // Once the server wakes, the late replies (+OK for DEBUG, "before" for GET) must be dropped, not handed to these commands.
        await Task.Delay(900);
        await client.SetAsync(key, "after").Within();
        Assert.Equal("after", await client.GetAsync(key).Within());
        Assert.Equal(42, (await client.ExecuteAsync(new RedisCommand("ECHO", "42")).Within()).AsInt64());
        Assert.Equal(connectionId, (await client.ExecuteAsync(new RedisCommand("CLIENT", "ID")).Within()).AsInt64());
    }

    [Fact]
    public async Task CancelledCommand_FailsItsCaller_AndTheConnectionStaysInStep()
    {
        await using var client = await RedisClient.ConnectAsync(Redis.Options()).Within();
        var key = $"cancel:{Guid.NewGuid():N}";
        using var cancel = new CancellationTokenSource();

        var slow = client.ExecuteAsync(new RedisCommand("DEBUG", "SLEEP", "0.3"), cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow).Within();
        Assert.True(await client.SetAsync(key, "v").Within());
        Assert.Equal("v", await client.GetAsync(key).Within());
    }

    [Fact]
    public async Task WrongPassword_FailsWithAuthenticationError()
    {
        var options = Redis.Options();
        options.Password = "not-the-password";

        var error = await Assert.ThrowsAsync<RedisAuthenticationException>(() => RedisClient.ConnectAsync(options)).Within();

        Assert.Contains("WRONGPASS", error.Message, StringComparison.Ordinal);
        Assert.Contains(Redis.Address, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingPassword_FailsWithAuthenticationError()
    {
        var options = Redis.Options();
        options.Password = null;

        var error = await Assert.ThrowsAsync<RedisAuthenticationException>(() => RedisClient.ConnectAsync(options)).Within();

        Assert.Contains("NOAUTH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AclUserAndPassword_Authenticate()
    {
        var options = Redis.Options();
        options.User = StandaloneRedis.AclUser;
        options.Password = StandaloneRedis.AclPassword;
        await using var client = await RedisClient.ConnectAsync(options).Within();

        var whoAmI = await client.ExecuteAsync(new RedisCommand("ACL", "WHOAMI")).Within();

        Assert.Equal(StandaloneRedis.AclUser, whoAmI.AsString());
    }

    [Fact]
    public async Task Handshake_SelectsTheDatabaseAndNamesTheClient()
    {
        var options = Redis.Options();
        options.Database = 3;
        options.ClientName = "handshake-test";
        await using var client = await RedisClient.ConnectAsync(options).Within();
        await using var db0 = await RedisClient.ConnectAsync(Redis.Options()).Within();
        var key = $"db:{Guid.NewGuid():N}";

        await client.SetAsync(key, "in-db-3").Within();

        Assert.False(await db0.ExistsAsync(key).Within());
        Assert.Equal("handshake-test", (await client.ExecuteAsync(new RedisCommand("CLIENT", "GETNAME")).Within()).AsString());
        Assert.Contains("db=3", (await client.ExecuteAsync(new RedisCommand("CLIENT", "INFO")).Within()).AsString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorReply_ThrowsServerExceptionWithItsPrefix()
    {
        await using var client = await RedisClient.ConnectAsync(Redis.Options()).Within();
        var key = $"wrongtype:{Guid.NewGuid():N}";
        await client.SetAddAsync(key, "member").Within();

        var error = await Assert.ThrowsAsync<RedisServerException>(() => client.GetAsync(key)).Within();

        Assert.Equal("WRONGTYPE", error.Prefix);
        Assert.Equal("PONG", await client.PingAsync().Within());
    }

    [Fact]
    public async Task ConnectionKilledByServer_FailsInFlightCommands_ThenReconnects()
    {
        await using var client = await RedisClient.ConnectAsync(Redis.Options()).Within();
        var id = (await client.ExecuteAsync(new RedisCommand("CLIENT", "ID")).Within()).AsInt64();

        // BLPOP blocks only this client (unlike DEBUG SLEEP, which blocks the server), so it is surely in flight when the kill comes.
        var inFlight = client.ExecuteAsync(new RedisCommand("BLPOP", $"nothing:{Guid.NewGuid():N}", 5).WithTimeout(TimeSpan.FromSeconds(10)));
        await using (var admin = await RedisClient.ConnectAsync(Redis.Options()).Within())
        {
            await admin.ExecuteAsync(new RedisCommand("CLIENT", "KILL", "ID", id)).Within();
        }

        var lost = await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight).Within();
        Assert.Contains("may or may not have run", lost.Message, StringComparison.Ordinal);
        Assert.Equal("PONG", await client.PingAsync().Within());
        Assert.NotEqual(id, (await client.ExecuteAsync(new RedisCommand("CLIENT", "ID")).Within()).AsInt64());
        Assert.True(client.GetStatus().Reconnects >= 1);
    }

    [Fact]
    public async Task ServerDown_CommandsFailWithConnectionError_WithinTheWait()
    {
        var options = new RedisOptions
        {
            EndPoint = $"127.0.0.1:{FreePort.Closed()}",
            ConnectTimeout = TimeSpan.FromSeconds(1),
            WaitForConnectionTimeout = TimeSpan.FromMilliseconds(300),
        };
        await using var client = new RedisClient(options);

        await Assert.ThrowsAsync<RedisConnectionException>(() => client.StartAsync()).Within();
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.PingAsync()).Within();

        Assert.Contains("ConnectionRefused", error.Message, StringComparison.Ordinal);
        Assert.False(client.GetStatus().Connected);
    }
}
