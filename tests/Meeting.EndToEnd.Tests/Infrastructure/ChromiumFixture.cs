using Meeting.Testing.Chromium;
using Microsoft.Playwright;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The collection's one shared <see cref="ChromiumBrowser"/>, launched on first use, so tests that need no
/// browser do not depend on it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private readonly ChromiumBrowser _browser = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task<IBrowser> GetBrowserAsync() => _browser.GetAsync();

    public Task DisposeAsync() => _browser.DisposeAsync().AsTask();
}
