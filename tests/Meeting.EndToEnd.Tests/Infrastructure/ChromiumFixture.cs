using Microsoft.Playwright;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright: headless, a fresh profile, fake camera and microphone,
/// loopback ICE candidates allowed. Playwright never downloads a browser here; a missing
/// <c>/usr/bin/chromium</c> fails the test that needs it. Launched on first use, so tests that need
/// no browser do not depend on it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
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

    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task<IBrowser> GetBrowserAsync()
    {
        if (!await _launch.WaitAsync(LaunchTimeout))
        {
            throw new TimeoutException("Chromium is still being launched by another test.");
        }

        try
        {
            if (_browser is { IsConnected: true })
            {
                return _browser;
            }

            if (!File.Exists(ExecutablePath))
            {
                throw new InvalidOperationException(
                    $"The end-to-end tests need Debian's Chromium at {ExecutablePath} (apt-get install chromium); they never download a browser.");
            }

            Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                Timeout = (float)LaunchTimeout.TotalMilliseconds,
            });
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _launch.Dispose();
    }
}
