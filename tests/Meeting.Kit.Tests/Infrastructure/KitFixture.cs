using System.Diagnostics;
using Meeting.Testing.Processes;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// One kit for the whole collection: <c>./kit up</c> before the first test and <c>./kit down</c> after the
/// last, also when a test or the start failed. It uses the kit's default addresses (127.0.0.1:8080 and
/// 127.0.0.2-4), which no other test project listens on, and refuses to touch a kit that is already up.
/// </summary>
public sealed class KitFixture : IAsyncLifetime
{
    private static readonly TimeSpan RouteTimeout = TimeSpan.FromSeconds(20);

    internal KitScript Kit { get; } = new();

    /// <summary>Without cookies: every POST /api/session is a new session, as for separate browsers.</summary>
    internal HttpClient Http { get; } = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        var running = KitScript.RunningComponents();
        if (running.Count > 0)
        {
            throw new InvalidOperationException(
                "A kit is already running in .kit (" + string.Join(", ", running) + "). The kit tests start and stop their own; run ./kit down first.");
        }

        CommandResult up;
        try
        {
            up = await Kit.UpAsync();
        }
        catch
        {
            await Kit.DownAsync();
            throw;
        }

        if (up.ExitCode != 0)
        {
            var down = await Kit.DownAsync();
            throw new InvalidOperationException($"./kit up failed:\n{up}\n{down}");
        }
    }

    public async Task DisposeAsync()
    {
        await Kit.DownAsync();
        Http.Dispose();
    }

    /// <summary>Brings back whatever a test stopped (<c>./kit up</c> starts only what is not running) and waits
    /// until Caddy sends clients to GRA again.</summary>
    internal async Task EnsureUpAsync()
    {
        var up = await Kit.UpAsync("--no-build");
        Assert.True(up.ExitCode == 0, up.ToString());
        await WaitUntilFrontRoutesToAsync("gra");
    }

    /// <summary>Waits until requests through Caddy reach <paramref name="site"/>; returns how long that took.</summary>
    internal async Task<TimeSpan> WaitUntilFrontRoutesToAsync(string site)
    {
        var watch = Stopwatch.StartNew();
        while (await KitScript.FrontSiteAsync(Http) != site)
        {
            if (watch.Elapsed > RouteTimeout)
            {
                throw new TimeoutException($"Caddy did not send requests to {site} within {RouteTimeout}.");
            }

            await Task.Delay(100);
        }

        return watch.Elapsed;
    }
}
