using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// One person at the meeting page behind the kit's front door: a browser context of its own (so its own
/// cookie and session), one page with <see cref="FailoverRecorderScript"/> added, and the steps a person
/// takes, each bounded. Reads state through the page's DOM and its read-only <c>window.meeting</c> hook, as
/// the end-to-end tests' <c>BrowserParticipant</c> does.
/// </summary>
internal sealed class BrowserPeer : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private static readonly float StepTimeoutMs = (float)StepTimeout.TotalMilliseconds;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IBrowserContext _context;
    private readonly ITestOutputHelper _output;
    private int _mainFrameNavigations;

    private BrowserPeer(IBrowserContext context, IPage page, string displayName, ITestOutputHelper output)
    {
        _context = context;
        Page = page;
        DisplayName = displayName;
        _output = output;
    }

    public IPage Page { get; }

    public string DisplayName { get; }

    /// <summary>How often the page's main frame navigated (1 after opening; a reload makes it 2).</summary>
    public int MainFrameNavigations => Volatile.Read(ref _mainFrameNavigations);

    public ILocator ConnectionState => Page.Locator("#connection-state");

    /// <summary>Opens <c>/?room=</c><paramref name="room"/> at <paramref name="baseAddress"/> in a fresh browser context.</summary>
    public static async Task<BrowserPeer> OpenAsync(IBrowser browser, Uri baseAddress, string room, string displayName, ITestOutputHelper output)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 960, Height = 540 },
        });
        try
        {
            context.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
            await context.AddInitScriptAsync(FailoverRecorderScript.Source);
            var page = await context.NewPageAsync();
            var peer = new BrowserPeer(context, page, displayName, output);
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    peer.Log($"console.{message.Type}: {message.Text}");
                }
            };
            page.PageError += (_, error) => peer.Log($"page error: {error}");
            page.FrameNavigated += (_, frame) =>
            {
                if (frame == page.MainFrame)
                {
                    Interlocked.Increment(ref peer._mainFrameNavigations);
                }
            };

            await page.GotoAsync("/?room=" + Uri.EscapeDataString(room));
            return peer;
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>Fills in the name, presses Join and waits until the meeting view shows the room, connected.</summary>
    public async Task JoinAsync(string room)
    {
        await Expect(Page.Locator("#room-input")).ToHaveValueAsync(room);
        await Page.Locator("#name-input").FillAsync(DisplayName);
        await Page.Locator("#join-button").ClickAsync();
        await Expect(Page.Locator("#meeting-view")).ToBeVisibleAsync(new() { Timeout = StepTimeoutMs });
        await Expect(Page.Locator("#room-label")).ToHaveTextAsync(room);
        await Expect(ConnectionState).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = StepTimeoutMs });
    }

    public Task<string> PeerIdAsync() => Page.EvaluateAsync<string>("() => window.meeting.peerId");

    public Task<string> StateAsync() => Page.EvaluateAsync<string>("() => window.meeting.state");

    public ILocator RemoteTile(string peerId) => Page.Locator($".tile.remote[data-peer-id=\"{peerId}\"]");

    /// <summary>One read of the page's media (<c>window.meeting.mediaStats()</c>, as <see cref="FailoverRecorderScript"/> samples it).</summary>
    public async Task<PageRecording.MediaSample> MediaAsync()
    {
        using var json = JsonDocument.Parse(await Page.EvaluateAsync<string>("async () => JSON.stringify(await window.__kitRecorder.read())"));
        return PageRecording.MediaSample.Parse(json.RootElement);
    }

    /// <summary>Polls <see cref="MediaAsync"/> until its selected candidate pair's remote end is <paramref name="address"/>:<paramref name="port"/>.</summary>
    public async Task<PageRecording.MediaSample> WaitForRemoteCandidateAsync(string address, int port, TimeSpan? timeout = null)
    {
        var bound = timeout ?? StepTimeout;
        var deadline = DateTime.UtcNow + bound;
        var media = await MediaAsync();
        while (media.RemoteAddress != address || media.RemotePort != port)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{DisplayName}'s media candidate pair is {media.RemoteAddress}:{media.RemotePort} (transport {media.TransportId}), not {address}:{port}, after {bound}.");
            }

            await Task.Delay(PollInterval);
            media = await MediaAsync();
        }

        return media;
    }

    /// <summary>framesDecoded of <paramref name="peerId"/>'s video, as the client's <c>window.meeting.stats()</c> reports it.</summary>
    public async Task<long> FramesDecodedAsync(string peerId)
    {
        var stats = await Page.EvaluateAsync<JsonElement>("() => window.meeting.stats()");
        return stats.TryGetProperty(peerId, out var value) ? value.GetInt64() : 0;
    }

    /// <summary>Polls <see cref="FramesDecodedAsync"/> until it reaches <paramref name="atLeast"/>.</summary>
    public async Task<long> WaitForFramesDecodedAsync(string peerId, long atLeast, TimeSpan? timeout = null)
    {
        var bound = timeout ?? StepTimeout;
        var deadline = DateTime.UtcNow + bound;
        long frames = 0;
        while (DateTime.UtcNow < deadline)
        {
            frames = await FramesDecodedAsync(peerId);
            if (frames >= atLeast)
            {
                return frames;
            }

            await Task.Delay(PollInterval);
        }

        var peers = await Page.EvaluateAsync<JsonElement>("() => window.meeting.peers()");
        throw new TimeoutException($"{DisplayName} decoded {frames} frames of {peerId}'s video, not {atLeast}, within {bound}; its peers: {peers}.");
    }

    public Task StartRecordingAsync(TimeSpan interval)
        => Page.EvaluateAsync("ms => window.__kitRecorder.start(ms)", (int)interval.TotalMilliseconds);

    /// <summary>What the recorder has so far; it goes on recording.</summary>
    public async Task<PageRecording> PeekRecordingAsync()
        => await ExportAsync("() => JSON.stringify(window.__kitRecorder.export())");

    public Task<PageRecording> StopRecordingAsync()
        => ExportAsync("() => { window.__kitRecorder.stop(); return JSON.stringify(window.__kitRecorder.export()); }");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _context.CloseAsync().WaitAsync(StepTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            Log($"closing the browser context failed: {ex.Message}");
        }
    }

    /// <summary>The recorder's export as a JSON string, parsed here: Playwright's own serialization of a result
    /// marks repeated objects with <c>$id</c> references, which plain JSON does not need.</summary>
    private async Task<PageRecording> ExportAsync(string script)
    {
        using var json = JsonDocument.Parse(await Page.EvaluateAsync<string>(script));
        return PageRecording.Parse(json.RootElement);
    }

    private void Log(string line)
    {
        try
        {
            _output.WriteLine($"[{DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {DisplayName}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; its output is closed.
        }
    }
}
