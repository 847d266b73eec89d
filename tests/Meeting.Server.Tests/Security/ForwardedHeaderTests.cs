using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Meeting.Server.Tests.Security;

/// <summary>X-Forwarded-For picks the address the per-address limits key on, so only the configured front
/// door may send it; a local process is not a proxy because it runs on loopback.</summary>
public sealed class ForwardedHeaderTests
{
    private const int PerMinute = 3;

    [Fact]
    public async Task SpoofedForwardedFor_FromALoopbackCaller_DoesNotEscapeThePerAddressLimit()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Sessions:IssuePerMinutePerAddress", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var factory = FromLoopback(server);

        var issued = await IssueWithSpoofedAddressesAsync(factory, 20);

        Assert.Equal(PerMinute, issued);
    }

    [Fact]
    public async Task ForwardedFor_FromTheKnownProxy_GivesEachClientItsOwnLimit()
    {
        await using var server = new MeetingServerFactory()
            .With("Meeting:Sessions:IssuePerMinutePerAddress", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Meeting:Proxy:KnownProxies:0", "127.0.0.1");
        using var factory = FromLoopback(server);

        var issued = await IssueWithSpoofedAddressesAsync(factory, 20);

        Assert.Equal(20, issued);
    }

    [Fact]
    public async Task Health_ThroughAProxy_AnswersTheStatusOnly()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Site:Name", "gra").With("Meeting:Proxy:KnownProxies:0", "127.0.0.1");
        using var factory = FromLoopback(server);
        using var http = factory.CreateClient();

        foreach (var path in new[] { "/health", "/health/ready", "/health/live" })
        {
            var proxied = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
            var viaProxy = await http.SendAsync(proxied);
            var direct = await http.GetAsync(new Uri(path, UriKind.Relative));

            Assert.Equal(["status"], await PropertiesAsync(viaProxy));
            Assert.Contains("site", await PropertiesAsync(direct));
            Assert.Contains("version", await PropertiesAsync(direct));
        }
    }

    [Fact]
    public async Task Health_ThroughAnUnknownProxy_AnswersTheStatusOnly()
    {
        await using var server = new MeetingServerFactory();
        using var http = server.CreateClient();

        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/health", UriKind.Relative));
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var response = await http.SendAsync(request);

        Assert.Equal(["status"], await PropertiesAsync(response));
    }

    private static async Task<string[]> PropertiesAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.EnumerateObject().Select(property => property.Name).ToArray();
    }

    private static async Task<int> IssueWithSpoofedAddressesAsync(WebApplicationFactory<Program> factory, int count)
    {
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var issued = 0;
        for (var i = 0; i < count; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/session", UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            var response = await http.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, response.StatusCode.ToString());
            issued += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        return issued;
    }

    /// <summary>The test host has no socket; this makes every request come from 127.0.0.1, as a local
    /// process's (or the kit's Caddy's) would.</summary>
    private static WebApplicationFactory<Program> FromLoopback(MeetingServerFactory server)
        => server.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, LoopbackCaller>()));
}
