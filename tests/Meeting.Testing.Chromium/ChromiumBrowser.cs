using Microsoft.Playwright;

namespace Meeting.Testing.Chromium;

/// <summary>
/// A Chromium (<see cref="DebianChromium"/>) launched on first use and shared by whoever holds this: a test
/// collection's fixture or one test. A browser that died is launched again on the next use.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<IBrowser> GetAsync()
    {
        if (!await _launch.WaitAsync(DebianChromium.LaunchTimeout))
        {
            throw new TimeoutException("Chromium is still being launched by another test.");
        }

        try
        {
            if (_browser is { IsConnected: true })
            {
                return _browser;
            }

            _playwright?.Dispose();
            (_playwright, _browser) = await DebianChromium.LaunchAsync();
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync().WaitAsync(DebianChromium.LaunchTimeout);
            }
        }
        finally
        {
            _playwright?.Dispose();
            _launch.Dispose();
        }
    }
}
