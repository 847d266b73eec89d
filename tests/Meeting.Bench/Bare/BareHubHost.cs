using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Meeting.Bench.Bare;

/// <summary>
/// The bare hub's server: Kestrel, WebSockets and SignalR's JSON protocol as the meeting server has
/// them, one hub at <see cref="HubPath"/>, and a <c>/health/ready</c> that always answers. Runs in its
/// own process (this bench's own dll started with <see cref="Argument"/>), so that the two servers
/// are measured alike: each alone in a process, with the same GC settings.
/// </summary>
internal static class BareHubHost
{
    public const string Argument = "--serve-bare-hub";

    public const string HubPath = "/hubs/bare";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args.Where(a => a != Argument).ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Services.AddSignalR(hub => hub.EnableDetailedErrors = false);
        var app = builder.Build();
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapHub<BareHub>(HubPath);
        await app.RunAsync();
        return 0;
    }
}
