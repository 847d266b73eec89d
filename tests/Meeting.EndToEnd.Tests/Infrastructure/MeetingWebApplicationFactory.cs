using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>The real server, hosted by Kestrel on a free loopback port (never beyond 127.0.0.1).
/// Its content root is the server's project folder, so it serves <c>wwwroot</c> as built.</summary>
internal sealed class MeetingWebApplicationFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public MeetingWebApplicationFactory(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
    }
}
