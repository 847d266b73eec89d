using Microsoft.Playwright;

namespace Meeting.Testing.Chromium;

/// <summary>
/// The one way the browser tests start a browser: Debian's Chromium driven by Playwright, headless,
/// a fresh profile, fake camera and microphone, loopback ICE candidates allowed, and none of the
/// background traffic this closed network would refuse. Playwright never downloads a browser here; a
/// missing <c>/usr/bin/chromium</c> fails the test, it does not skip it.
/// </summary>
public static class DebianChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(60);

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

    /// <summary>Starts Playwright and the browser; the caller disposes both (browser first).</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ExecutablePath} (apt-get install chromium); they never download a browser.");
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
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
