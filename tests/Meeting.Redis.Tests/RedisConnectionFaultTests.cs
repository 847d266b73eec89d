using Meeting.Redis.Commands;
using Meeting.Redis.Tests.Fixtures;

namespace Meeting.Redis.Tests;

public sealed class RedisConnectionFaultTests
{
    [Fact]
    public async Task ServerThatFallsSilent_TimesOutCommands_ThenClosesAndReconnects()
    {
        // Answers the handshake's PING, then never says anything again on that connection.
        await using var server = new ScriptedServer(async (stream, _, token) =>
        {
            await ScriptedServer.ReadCommandsAsync(stream, 1, token);
            await stream.WriteAsync("+PONG\r\n"u8.ToArray(), token);
            await Task.Delay(Timeout.Infinite, token);
        });
        await using var client = await RedisClient.ConnectAsync(Options(server.Address)).Within();

        await Assert.ThrowsAsync<RedisTimeoutException>(() => client.GetAsync("k")).Within();

        await RedisProbe.WaitUntilAsync("the stalled connection to be replaced", TimeSpan.FromSeconds(5), () => Task.FromResult(server.Connections >= 2));
        Assert.Contains("sent nothing", client.GetStatus().LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyThatNoCommandAskedFor_ClosesTheConnectionAsDesynchronised()
    {
        // Answers the PING twice: the second +PONG belongs to no command.
        await using var server = new ScriptedServer(async (stream, number, token) =>
        {
            await ScriptedServer.ReadCommandsAsync(stream, 1, token);
            await stream.WriteAsync("+PONG\r\n+PONG\r\n"u8.ToArray(), token);
            await Task.Delay(Timeout.Infinite, token);
        });
        await using var client = new RedisClient(Options(server.Address));

        // Whether the handshake sees the extra reply depends on how the bytes are read; the connection must not survive it either way.
        await Record.ExceptionAsync(() => client.StartAsync()).Within();
        await RedisProbe.WaitUntilAsync("the desync to be reported", TimeSpan.FromSeconds(5), () => Task.FromResult(client.GetStatus().LastError?.Contains("no command asked for") == true));
    }

    [Fact]
    public async Task GarbageFromTheServer_IsAProtocolErrorNotAReply()
    {
        await using var server = new ScriptedServer(async (stream, _, token) =>
        {
            await ScriptedServer.ReadCommandsAsync(stream, 1, token);
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\n"u8.ToArray(), token);
            await Task.Delay(Timeout.Infinite, token);
        });
        await using var client = new RedisClient(Options(server.Address));

        var error = await Assert.ThrowsAnyAsync<RedisException>(() => client.StartAsync()).Within();

        Assert.Contains("Invalid RESP2", error.Message + error.InnerException?.Message, StringComparison.Ordinal);
    }

    private static RedisOptions Options(string address) => new()
    {
        EndPoint = address,
        ConnectTimeout = TimeSpan.FromSeconds(1),
        CommandTimeout = TimeSpan.FromMilliseconds(100),
        WaitForConnectionTimeout = TimeSpan.FromMilliseconds(500),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };
}
