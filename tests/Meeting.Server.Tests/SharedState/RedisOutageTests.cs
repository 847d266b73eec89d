using System.Net;
using System.Net.Sockets;
using Meeting.Redis;
using Meeting.Testing.Redis;

namespace Meeting.Server.Tests.SharedState;

public sealed class RedisOutageTests
{
    [Fact]
    public async Task UnreachableRedis_MakesTheServerUnreadyButAlive_AndRefusesSessionsClearly()
    {
        await using var server = SharedStateServers.Create("gra", new RedisOptions { EndPoint = $"127.0.0.1:{ClosedPort()}" });
        using var http = server.CreateClient();

        var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        await Eventually.SucceedsAsync(async () =>
        {
            var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        });

        var session = await http.PostAsync(new Uri("/api/session", UriKind.Relative), null).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, session.StatusCode);
        Assert.Contains("unavailable", await session.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubRequest_WithASessionTheStoreCannotRead_Is503Unavailable_Not401()
    {
        await using var redis = await StandaloneRedis.StartAsync();
        await using var server = SharedStateServers.Create("gra", redis.Options(commandTimeout: TimeSpan.FromMilliseconds(500)))
            .With("Meeting:Redis:KeyPrefix", "outage-session");
        var session = await server.CreateSessionAsync();
        using var http = server.CreateClient();

        redis.Server.Kill();
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, new Uri("/hubs/meeting/negotiate?negotiateVersion=1", UriKind.Relative));
        negotiate.Headers.Authorization = new("Bearer", session.Token);
        var response = await http.SendAsync(negotiate).WaitAsync(TimeSpan.FromSeconds(20));

        // A 401 would tell the client its identity is gone, and it would start over as someone new.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("\"unavailable\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HungMaster_MakesHealthNoLongerHealthy_WhileItsSocketStaysOpen()
    {
        await using var redis = await StandaloneRedis.StartAsync();
        await using var server = SharedStateServers.Create("gra", redis.Options());
        using var http = server.CreateClient();
        await Eventually.SucceedsAsync(async () => Assert.Equal("healthy", await RedisCheckStatusAsync(http)));

        Signal("STOP", redis.Server.ProcessId);
        try
        {
            // UnreadyGrace is 1 s here, so the PING waits a third of it.
            await Eventually.SucceedsAsync(async () => Assert.NotEqual("healthy", await RedisCheckStatusAsync(http)));
        }
        finally
        {
            Signal("CONT", redis.Server.ProcessId);
        }

        await Eventually.SucceedsAsync(async () => Assert.Equal("healthy", await RedisCheckStatusAsync(http)));
    }

    private static async Task<string?> RedisCheckStatusAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(10));
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString();
    }

    private static void Signal(string signal, int processId)
    {
        using var kill = System.Diagnostics.Process.Start("kill", $"-{signal} {processId}");
        if (!kill.WaitForExit(TimeSpan.FromSeconds(5)) || kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {processId} failed");
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
