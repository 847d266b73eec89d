using Meeting.Testing.Chromium;
using Microsoft.Playwright;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One Chromium (<see cref="DebianChromium"/>) shared by the tests of the collection, launched on first
/// use, so tests that need no browser do not depend on it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task<IBrowser> GetBrowserAsync()
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
