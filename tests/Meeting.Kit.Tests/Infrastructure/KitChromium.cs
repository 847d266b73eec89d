using Microsoft.Playwright;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright, as the end-to-end tests drive it (their <c>ChromiumFixture</c>):
/// headless, a fresh profile, fake camera and microphone, loopback ICE candidates allowed. Playwright
/// never downloads a browser here; without <c>/usr/bin/chromium</c> the test fails, it does not skip.
/// </summary>
internal sealed class KitChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] Arguments =
    [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private KitChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<KitChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser failover test needs Debian's Chromium at {ExecutablePath} (apt-get install chromium); it never downloads a browser.");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                Timeout = (float)LaunchTimeout.TotalMilliseconds,
            });
            return new KitChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Browser.CloseAsync().WaitAsync(LaunchTimeout);
        }
        finally
        {
            _playwright.Dispose();
        }
    }
}
