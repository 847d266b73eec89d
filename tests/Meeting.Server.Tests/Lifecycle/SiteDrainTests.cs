using System.Net;
using Meeting.Server.Hubs;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Meeting.Server.Tests.Lifecycle;

public sealed class SiteDrainTests
{
    [Fact]
    public async Task Stopping_MakesTheServerUnready_SendsEveryClientAway_AndRefusesNewOnes()
    {
        await using var server = new MeetingServerFactory()
            .With("Meeting:Drain:UnreadyDelay", "00:00:00.200")
            .With("Meeting:Drain:ClientsTimeout", "00:00:03");
        var (_, alice) = await server.ConnectNewClientAsync();
        var (_, bob) = await server.ConnectNewClientAsync();
        var session = await server.CreateSessionAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(TestRooms.Unique(), "Alice");
            await bob.JoinAsync(TestRooms.Unique(), "Bob");
            var drain = server.Services.GetServices<IHostedService>().OfType<IHostedLifecycleService>().Single(s => s.GetType().Name == "SiteDrain");

            var draining = drain.StoppingAsync(CancellationToken.None);
            using var http = server.CreateClient();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            await Assert.ThrowsAnyAsync<Exception>(() => server.ConnectClientAsync(session.Token));
            await draining.WaitAsync(TimeSpan.FromSeconds(10));

            await alice.Closed.WaitAsync(TimeSpan.FromSeconds(5));
            await bob.Closed.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(0, server.Services.GetRequiredService<LocalConnections>().Count);
            Assert.Equal(0, server.Services.GetRequiredService<IRoomHomes>().HomedHere);
            Assert.True(server.Services.GetRequiredService<Meeting.Server.Lifecycle.SiteState>().IsDraining);
        }
    }
}
