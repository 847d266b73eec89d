using System.Net;
using System.Text.Json;
using Meeting.Server.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Meeting.Server.Tests.Observability;

public sealed class HealthEndpointTests
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    public async Task Health_AnswersJsonWithSiteVersionAndUptime(string path)
    {
        await using var server = new MeetingServerFactory().With("Meeting:Site:Name", "gra").With("Meeting:Site:PublicIp", "127.0.0.2");
        using var http = server.CreateClient();

        var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("gra", body.RootElement.GetProperty("site").GetString());
        Assert.Equal("127.0.0.2", body.RootElement.GetProperty("publicIp").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("version").GetString()));
        Assert.True(body.RootElement.GetProperty("uptimeSeconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task Ready_WhileDraining_Is503ButLiveStays200()
    {
        await using var server = new MeetingServerFactory();
        using var http = server.CreateClient();
        server.Services.GetRequiredService<Meeting.Server.Lifecycle.SiteState>().BeginDrain();

        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        var detail = await http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, detail.StatusCode);
        using var body = JsonDocument.Parse(await detail.Content.ReadAsStringAsync());
        var draining = body.RootElement.GetProperty("checks").GetProperty("draining");
        Assert.Equal("unhealthy", draining.GetProperty("status").GetString());
        Assert.Equal("draining", draining.GetProperty("data").GetProperty("role").GetString());
    }
}
