using System.Net;
using System.Net.Sockets;
using Meeting.Redis;

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

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
