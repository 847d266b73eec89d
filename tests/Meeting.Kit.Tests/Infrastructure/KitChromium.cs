using Meeting.Testing.Chromium;
using Microsoft.Playwright;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// A Chromium of the kit's own (<see cref="DebianChromium"/>) for one browser test.
/// </summary>
internal sealed class KitChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private KitChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<KitChromium> LaunchAsync()
    {
        var (playwright, browser) = await DebianChromium.LaunchAsync();
        return new KitChromium(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Browser.CloseAsync().WaitAsync(DebianChromium.LaunchTimeout);
        }
        finally
        {
            _playwright.Dispose();
        }
    }
}
